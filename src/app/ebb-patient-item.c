/* ebb-patient-item.c — one patient as the sidebar and Attention list show it
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-patient-item"

#include "config.h"

#include <string.h>

#include "ebb-patient-item.h"

struct _EbbPatientItem
{
  GObject           parent_instance;

  gint64            id;
  char             *code;
  char             *name;
  char             *score_label;
  char             *follow_up_label;  /* "next Tue 15 Dec", "course ended", or NULL */
  EbbAttentionItem *attention;
  gboolean          section_start;   /* the first card of its Attention section */

  /* Cached, because the filter and the sorter run over every patient on
   * each keystroke and on each reload. */
  char             *search_text;
  char             *code_key;
  char             *sort_key;
};

G_DEFINE_FINAL_TYPE (EbbPatientItem, ebb_patient_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CODE,
  PROP_NAME,
  PROP_SCORE_LABEL,
  PROP_FOLLOW_UP_LABEL,
  PROP_N_FLAGS,
  PROP_FLAG_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
ebb_patient_item_finalize (GObject *object)
{
  EbbPatientItem *self = EBB_PATIENT_ITEM (object);

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->score_label, g_free);
  g_clear_pointer (&self->attention, ebb_attention_item_free);
  g_clear_pointer (&self->follow_up_label, g_free);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->code_key, g_free);
  g_clear_pointer (&self->sort_key, g_free);

  G_OBJECT_CLASS (ebb_patient_item_parent_class)->finalize (object);
}

static void
ebb_patient_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  EbbPatientItem *self = EBB_PATIENT_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_SCORE_LABEL:
      g_value_set_string (value, self->score_label);
      break;

    case PROP_FOLLOW_UP_LABEL:
      g_value_set_string (value, self->follow_up_label);
      break;

    case PROP_N_FLAGS:
      g_value_set_uint (value, ebb_patient_item_get_n_flags (self));
      break;

    case PROP_FLAG_KIND:
      g_value_set_int (value, ebb_patient_item_get_flag_kind (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_patient_item_class_init (EbbPatientItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ebb_patient_item_finalize;
  object_class->get_property = ebb_patient_item_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * EbbPatientItem:score-label:
   *
   * The latest rating in words, "MADRS 14 · mild", or %NULL when the
   * patient has not been rated yet.
   */
  properties[PROP_SCORE_LABEL] =
    g_param_spec_string ("score-label", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * EbbPatientItem:follow-up-label:
   *
   * What comes next for the patient, in words: the next booked session
   * ("next Tue 15 Dec") or "course ended"; %NULL for neither.
   */
  properties[PROP_FOLLOW_UP_LABEL] =
    g_param_spec_string ("follow-up-label", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * EbbPatientItem:n-flags:
   *
   * How many flags need a decision now (those of the Attention list).
   */
  properties[PROP_N_FLAGS] =
    g_param_spec_uint ("n-flags", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * EbbPatientItem:flag-kind:
   *
   * The #EbbFlagKind of the most urgent open flag, or
   * %EBB_PATIENT_ITEM_NO_FLAG.
   */
  properties[PROP_FLAG_KIND] =
    g_param_spec_int ("flag-kind", NULL, NULL,
                      EBB_PATIENT_ITEM_NO_FLAG, G_MAXINT, EBB_PATIENT_ITEM_NO_FLAG,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ebb_patient_item_init (EbbPatientItem *self)
{
}

EbbPatientItem *
ebb_patient_item_new (gint64 id)
{
  EbbPatientItem *self;

  g_return_val_if_fail (id > 0, NULL);

  self = g_object_new (EBB_TYPE_PATIENT_ITEM, NULL);
  self->id = id;

  return self;
}

/* What the sidebar sorts and searches an item by, made from its code and
 * name alone: a load makes them in its thread. */
struct _EbbPatientItemKeys
{
  char *code;
  char *name;
  char *search_text;
  char *code_key;
  char *sort_key;
};

/**
 * ebb_patient_item_keys_new:
 * @code: (nullable): a patient's code
 * @name: (nullable): their name
 *
 * The item's sort and search keys for that code and name, for
 * ebb_patient_item_update_with_keys().  Safe in any thread.
 *
 * Returns: (transfer full): the keys
 */
EbbPatientItemKeys *
ebb_patient_item_keys_new (const char *code,
                           const char *name)
{
  EbbPatientItemKeys *keys = g_new0 (EbbPatientItemKeys, 1);
  g_autofree char *text = g_strjoin ("\n", code != NULL ? code : "", name != NULL ? name : "", NULL);

  keys->code = g_strdup (code);
  keys->name = g_strdup (name);
  keys->search_text = ebb_patient_item_fold (text);
  keys->code_key = ebb_patient_item_code_key (code, FALSE);
  keys->sort_key = g_utf8_collate_key_for_filename (code != NULL ? code : "", -1);
  return keys;
}

void
ebb_patient_item_keys_free (EbbPatientItemKeys *keys)
{
  if (keys == NULL)
    return;
  g_free (keys->code);
  g_free (keys->name);
  g_free (keys->search_text);
  g_free (keys->code_key);
  g_free (keys->sort_key);
  g_free (keys);
}

/**
 * ebb_patient_item_keys_compare:
 *
 * The order of ebb_patient_item_compare(), for items still to be made:
 * by code as file names sort, then by id.
 */
int
ebb_patient_item_keys_compare (const EbbPatientItemKeys *a,
                               gint64                    a_id,
                               const EbbPatientItemKeys *b,
                               gint64                    b_id)
{
  int cmp = g_strcmp0 (a->sort_key, b->sort_key);

  if (cmp != 0)
    return cmp;
  return a_id < b_id ? -1 : a_id > b_id;
}

/**
 * ebb_patient_item_update:
 * @self: an item
 * @patient: the patient as stored now (its id must be the item's)
 * @score_label: (nullable): the latest rating in words
 * @attention: (transfer full) (nullable): the patient's open flags
 *
 * Brings the item up to date, notifying the properties that changed.
 *
 * Returns: whether the code or name changed, that is whether a filter or
 *   sorter over items must run again
 */
gboolean
ebb_patient_item_update (EbbPatientItem   *self,
                         const EbbPatient *patient,
                         const char       *score_label,
                         const char       *follow_up_label,
                         EbbAttentionItem *attention)
{
  return ebb_patient_item_update_with_keys (self, patient, NULL, score_label, follow_up_label, attention);
}

/**
 * ebb_patient_item_update_with_keys:
 * @keys: (nullable): ebb_patient_item_keys_new() of the patient's code and
 *   name, made ahead; %NULL to make them here when they changed
 *
 * ebb_patient_item_update(), with the keys made already.
 */
gboolean
ebb_patient_item_update_with_keys (EbbPatientItem           *self,
                                   const EbbPatient         *patient,
                                   const EbbPatientItemKeys *keys,
                                   const char               *score_label,
                                   const char               *follow_up_label,
                                   EbbAttentionItem         *attention)
{
  guint old_n_flags;
  int old_kind;
  gboolean code_changed;
  gboolean name_changed;

  g_return_val_if_fail (EBB_IS_PATIENT_ITEM (self), FALSE);
  g_return_val_if_fail (patient != NULL, FALSE);
  g_return_val_if_fail (patient->id == self->id, FALSE);

  old_n_flags = ebb_patient_item_get_n_flags (self);
  old_kind = ebb_patient_item_get_flag_kind (self);

  g_clear_pointer (&self->attention, ebb_attention_item_free);
  self->attention = attention;

  g_object_freeze_notify (G_OBJECT (self));

  code_changed = set_string (&self->code, patient->code);
  name_changed = set_string (&self->name, patient->name);

  if (code_changed || name_changed)
    {
      g_autoptr(EbbPatientItemKeys) made = NULL;

      /* Keys made for another code or name are of no use. */
      if (keys == NULL || g_strcmp0 (keys->code, self->code) != 0 || g_strcmp0 (keys->name, self->name) != 0)
        keys = made = ebb_patient_item_keys_new (self->code, self->name);
      set_string (&self->sort_key, keys->sort_key);
      set_string (&self->code_key, keys->code_key);
      set_string (&self->search_text, keys->search_text);
    }

  if (code_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
  if (name_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);

  if (set_string (&self->score_label, score_label))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCORE_LABEL]);
  if (set_string (&self->follow_up_label, follow_up_label))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_UP_LABEL]);

  if (old_n_flags != ebb_patient_item_get_n_flags (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FLAGS]);

  if (old_kind != ebb_patient_item_get_flag_kind (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAG_KIND]);

  g_object_thaw_notify (G_OBJECT (self));

  return code_changed || name_changed;
}

gint64
ebb_patient_item_get_id (EbbPatientItem *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_ITEM (self), 0);

  return self->id;
}

const char *
ebb_patient_item_get_code (EbbPatientItem *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_ITEM (self), NULL);

  return self->code;
}

const char *
ebb_patient_item_get_name (EbbPatientItem *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_ITEM (self), NULL);

  return self->name;
}

const char *
ebb_patient_item_get_score_label (EbbPatientItem *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_ITEM (self), NULL);

  return self->score_label;
}

guint
ebb_patient_item_get_n_flags (EbbPatientItem *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_ITEM (self), 0);

  return self->attention != NULL ? self->attention->flags->len : 0;
}

int
ebb_patient_item_get_flag_kind (EbbPatientItem *self)
{
  const EbbFlag *flag;

  g_return_val_if_fail (EBB_IS_PATIENT_ITEM (self), EBB_PATIENT_ITEM_NO_FLAG);

  flag = ebb_patient_item_get_flag (self, 0);
  return flag != NULL ? (int) flag->kind : EBB_PATIENT_ITEM_NO_FLAG;
}

/**
 * ebb_patient_item_get_flag:
 * @self: an item
 * @index: 0 for the most urgent open flag
 *
 * Returns: (nullable): the open flag at @index, or %NULL
 */
const EbbFlag *
ebb_patient_item_get_flag (EbbPatientItem *self,
                           guint           index)
{
  g_return_val_if_fail (EBB_IS_PATIENT_ITEM (self), NULL);

  if (self->attention == NULL || index >= self->attention->flags->len)
    return NULL;

  return g_ptr_array_index (self->attention->flags, index);
}

/**
 * ebb_patient_item_get_suggestion:
 * @self: an item
 *
 * Returns: (nullable): what the most urgent flag suggests doing, in the
 *   user's language
 */
const char *
ebb_patient_item_get_suggestion (EbbPatientItem *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_ITEM (self), NULL);

  return self->attention != NULL ? self->attention->suggestion : NULL;
}

/**
 * ebb_patient_item_matches:
 * @self: an item
 * @folded_query: a query from ebb_patient_item_fold()
 * @code_query: (nullable): the same query from ebb_patient_item_code_key()
 *
 * Returns: whether the code or the name contains the query, ignoring
 *   case, or the code does once both are reduced to their letters and
 *   numbers: "demo7" finds DEMO-07, and "k42" finds K-0042
 */
gboolean
ebb_patient_item_matches (EbbPatientItem *self,
                          const char     *folded_query,
                          const char     *code_query)
{
  g_return_val_if_fail (EBB_IS_PATIENT_ITEM (self), FALSE);

  if (folded_query == NULL || *folded_query == '\0')
    return TRUE;

  if (self->search_text != NULL && strstr (self->search_text, folded_query) != NULL)
    return TRUE;

  /* A query of punctuation or zeros alone says nothing about a code. */
  return code_query != NULL && *code_query != '\0' &&
         self->code_key != NULL && strstr (self->code_key, code_query) != NULL;
}

/* By code, with numbers in codes compared as numbers ("K-9" before "K-10"). */
int
ebb_patient_item_compare (EbbPatientItem *a,
                          EbbPatientItem *b)
{
  int cmp;

  g_return_val_if_fail (EBB_IS_PATIENT_ITEM (a), 0);
  g_return_val_if_fail (EBB_IS_PATIENT_ITEM (b), 0);

  cmp = g_strcmp0 (a->sort_key, b->sort_key);
  if (cmp != 0)
    return cmp;

  return a->id < b->id ? -1 : a->id > b->id;
}

/**
 * ebb_patient_item_fold:
 * @text: (nullable): text typed or stored
 *
 * Returns: (transfer full): @text in the form that search compares:
 *   normalized and case-folded
 */
char *
ebb_patient_item_fold (const char *text)
{
  g_autofree char *normalized = NULL;

  if (text == NULL)
    return g_strdup ("");

  /* Plain ASCII, as most codes and names a clinic types are, is its own
   * normal form, and folds as it lowers: a load of 50,000 patients spent
   * a tenth of a second normalizing them. */
  for (const char *p = text; (guchar) *p < 0x80; p++)
    if (*p == '\0')
      return g_ascii_strdown (text, -1);

  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  if (normalized == NULL)
    return g_strdup ("");

  return g_utf8_casefold (normalized, -1);
}

/**
 * ebb_patient_item_code_key:
 * @text: (nullable): a clinic code, or a query for one
 * @typing: whether @text is a query being typed
 *
 * Reduces a code to what tells it apart, the way clinicians shorten
 * codes when they type them: case-folded, with only its letters and
 * digits, and each number without its leading zeros ("DEMO-07" → "demo7",
 * "K-0042" → "k42").  A number of zeros alone stays "0", except at the
 * end of a query being typed, where it is the start of a longer number
 * ("k00" is on its way to "k0042") and is left out.
 *
 * Returns: (transfer full): the key, possibly empty
 */
char *
ebb_patient_item_code_key (const char *text,
                           gboolean    typing)
{
  g_autofree char *folded = ebb_patient_item_fold (text);
  GString *key = g_string_new (NULL);
  gboolean in_number = FALSE;
  gboolean leading = FALSE;       /* only zeros so far in this number */

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Separators are left out altogether: "K-0042" is "K0042". */
      if (!g_unichar_isalnum (c))
        continue;

      if (g_unichar_isdigit (c))
        {
          if (!in_number)
            in_number = leading = TRUE;
          if (leading && g_unichar_digit_value (c) == 0)
            continue;
          leading = FALSE;
        }
      else
        {
          if (in_number && leading)
            g_string_append_c (key, '0');
          in_number = FALSE;
        }
      g_string_append_unichar (key, c);
    }

  if (in_number && leading && !typing)
    g_string_append_c (key, '0');

  return g_string_free (key, FALSE);
}

/**
 * ebb_patient_item_get_attention:
 *
 * Returns: (nullable): the patient's Attention card: open flags, section,
 *   next session, where the patient stands
 */
const EbbAttentionItem *
ebb_patient_item_get_attention (EbbPatientItem *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_ITEM (self), NULL);

  return self->attention;
}

/* Whether the item's card opens its section of Attention (Now, Earlier,
 * Lost to Follow-up): the list knows its neighbours, a row does not. */
gboolean
ebb_patient_item_get_section_start (EbbPatientItem *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_ITEM (self), FALSE);

  return self->section_start;
}

void
ebb_patient_item_set_section_start (EbbPatientItem *self,
                                    gboolean        section_start)
{
  g_return_if_fail (EBB_IS_PATIENT_ITEM (self));

  self->section_start = !!section_start;
}

const char *
ebb_patient_item_get_follow_up_label (EbbPatientItem *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_ITEM (self), NULL);

  return self->follow_up_label;
}
