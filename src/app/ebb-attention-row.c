/* ebb-attention-row.c — one flagged patient on the Attention page
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The most urgent flag is spelled out with what to do about it; further
 * flags of the same patient stay folded behind a button, because the list
 * is read to decide whom to call first.  The Attention list recycles rows,
 * so a row shows whichever item it is given.
 */
#define G_LOG_DOMAIN "ebb-attention-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-attention-row.h"
#include "ebb-flag-pill.h"

struct _EbbAttentionRow
{
  GtkWidget        parent_instance;

  EbbPatientItem  *item;

  /* Template children */
  GtkWidget       *outer;
  GtkLabel        *heading_label;
  GtkWidget       *box;
  GtkLabel        *code_label;
  GtkLabel        *name_label;
  GtkLabel        *score_label;
  GtkWidget       *pill;
  GtkLabel        *detail_label;
  GtkLabel        *next_label;
  GtkLabel        *suggestion_label;
  GtkWidget       *decide_button;
  GtkToggleButton *more_button;
  GtkLabel        *more_label;
  GtkImage        *more_arrow;
  GtkBox          *more_box;
};

G_DEFINE_FINAL_TYPE (EbbAttentionRow, ebb_attention_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
create_more_flag (const EbbFlag *flag)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *pill = ebb_flag_pill_new (flag->kind);
  g_autofree char *text = ebb_flag_text_for_people (flag->detail, ebb_date_today ());
  GtkWidget *detail = gtk_label_new (text);

  gtk_widget_set_halign (pill, GTK_ALIGN_START);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (detail), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_box_append (GTK_BOX (box), pill);
  gtk_box_append (GTK_BOX (box), detail);

  return box;
}

/* "Next: Tue 15 Dec", "Nothing booked" or "Course ended", and how many
 * other flags are open. */
static char *
describe_next (const EbbAttentionItem *attention)
{
  g_autofree char *next = NULL;

  if (attention->next_session_day > 0)
    {
      g_autofree char *date = ebb_date_format_for_people (attention->next_session_day, ebb_date_today ());

      /* Translators: on an Attention card, the next booked session */
      next = g_strdup_printf (_("Next: %s"), date);
    }
  else if (attention->course_ended)
    next = g_strdup (_("Course ended"));
  else
    next = g_strdup (_("Nothing booked"));
  return g_steal_pointer (&next);
}

static void
ebb_attention_row_sync (EbbAttentionRow *self)
{
  const EbbAttentionItem *attention = NULL;
  const EbbFlag *top = NULL;
  const char *suggestion = NULL;
  const char *score;
  guint n_flags = 0;
  GtkWidget *child;
  g_autofree char *summary = NULL;
  g_autofree char *detail = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->more_box))) != NULL)
    gtk_box_remove (self->more_box, child);
  gtk_toggle_button_set_active (self->more_button, FALSE);

  if (self->item != NULL)
    {
      attention = ebb_patient_item_get_attention (self->item);
      top = ebb_patient_item_get_flag (self->item, 0);
      suggestion = ebb_patient_item_get_suggestion (self->item);
      n_flags = ebb_patient_item_get_n_flags (self->item);
    }

  if (top == NULL)
    {
      gtk_widget_set_visible (self->box, FALSE);
      return;
    }
  gtk_widget_set_visible (self->box, TRUE);

  gtk_label_set_label (self->heading_label, ebb_attention_section_to_label (attention->section));
  gtk_widget_set_visible (GTK_WIDGET (self->heading_label), ebb_patient_item_get_section_start (self->item));
  {
    g_autofree char *next = describe_next (attention);

    gtk_label_set_label (self->next_label, next);
  }
  /* Lost to follow-up: one line each, the rest folded in. */
  if (attention->section == EBB_ATTENTION_LOST)
    gtk_widget_add_css_class (self->box, "compact");
  else
    gtk_widget_remove_css_class (self->box, "compact");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), attention->section != EBB_ATTENTION_LOST);
  /* The target first: the action takes a parameter. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->decide_button),
                                          g_variant_new ("(xssi)", ebb_patient_item_get_id (self->item),
                                                         ebb_flag_kind_to_string (top->kind),
                                                         top->scale != NULL ? top->scale->id : "",
                                                         top->day));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->decide_button), "win.record-decision");

  gtk_label_set_label (self->code_label, ebb_patient_item_get_code (self->item));
  gtk_label_set_label (self->name_label, ebb_patient_item_get_name (self->item));
  score = ebb_patient_item_get_score_label (self->item);
  gtk_label_set_label (self->score_label, score != NULL ? score : "");
  gtk_widget_set_visible (GTK_WIDGET (self->score_label), score != NULL);
  gtk_label_set_label (GTK_LABEL (self->pill), ebb_flag_kind_to_label (top->kind));
  ebb_flag_pill_set_kind (self->pill, top->kind);
  /* The rules write ISO dates, for files; people read "Fri 4 Dec". */
  detail = ebb_flag_text_for_people (top->detail, ebb_date_today ());
  gtk_label_set_label (self->detail_label, detail);
  /* The rules already put the suggestion in the user's language. */
  gtk_label_set_label (self->suggestion_label, suggestion != NULL ? suggestion : "");
  gtk_widget_set_visible (GTK_WIDGET (self->suggestion_label),
                          suggestion != NULL && attention->section != EBB_ATTENTION_LOST);

  gtk_widget_set_visible (GTK_WIDGET (self->more_button), n_flags > 1);
  if (n_flags > 1)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("%u more flag", "%u more flags", n_flags - 1),
                                               n_flags - 1);

      gtk_label_set_label (self->more_label, more);
      for (guint i = 1; i < n_flags; i++)
        gtk_box_append (self->more_box, create_more_flag (ebb_patient_item_get_flag (self->item, i)));
    }

  {
    g_autofree char *next = describe_next (attention);

    summary = g_strdup_printf ("%s, %s%s%s: %s. %s %s %s",
                               ebb_patient_item_get_code (self->item),
                               ebb_patient_item_get_name (self->item),
                               score != NULL ? ", " : "", score != NULL ? score : "",
                               ebb_flag_kind_to_label (top->kind),
                               detail, next,
                               suggestion != NULL ? suggestion : "");
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, summary,
                                  -1);
}

static void
more_toggled_cb (EbbAttentionRow *self,
                 GParamSpec      *pspec,
                 GtkToggleButton *button)
{
  gtk_image_set_from_icon_name (self->more_arrow,
                                gtk_toggle_button_get_active (button) ? "pan-up-symbolic" : "pan-down-symbolic");
}

static void
ebb_attention_row_dispose (GObject *object)
{
  EbbAttentionRow *self = EBB_ATTENTION_ROW (object);

  g_clear_object (&self->item);
  gtk_widget_dispose_template (GTK_WIDGET (self), EBB_TYPE_ATTENTION_ROW);

  G_OBJECT_CLASS (ebb_attention_row_parent_class)->dispose (object);
}

static void
ebb_attention_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EbbAttentionRow *self = EBB_ATTENTION_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_attention_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  EbbAttentionRow *self = EBB_ATTENTION_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      ebb_attention_row_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_attention_row_class_init (EbbAttentionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ebb_attention_row_dispose;
  object_class->get_property = ebb_attention_row_get_property;
  object_class->set_property = ebb_attention_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         EBB_TYPE_PATIENT_ITEM,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-attention-row.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionRow, outer);
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionRow, heading_label);
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionRow, box);
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionRow, next_label);
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionRow, decide_button);
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionRow, code_label);
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionRow, score_label);
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionRow, pill);
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionRow, suggestion_label);
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionRow, more_button);
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionRow, more_label);
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionRow, more_arrow);
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionRow, more_box);
  gtk_widget_class_bind_template_callback (widget_class, more_toggled_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "attentionrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ebb_attention_row_init (EbbAttentionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ebb_attention_row_new (void)
{
  return g_object_new (EBB_TYPE_ATTENTION_ROW, NULL);
}

/**
 * ebb_attention_row_get_item:
 * @self: a row
 *
 * Returns: (transfer none) (nullable): the patient of the row
 */
EbbPatientItem *
ebb_attention_row_get_item (EbbAttentionRow *self)
{
  g_return_val_if_fail (EBB_IS_ATTENTION_ROW (self), NULL);

  return self->item;
}

/**
 * ebb_attention_row_set_item:
 * @self: a row
 * @item: (nullable): a patient with open flags
 */
void
ebb_attention_row_set_item (EbbAttentionRow *self,
                            EbbPatientItem  *item)
{
  g_return_if_fail (EBB_IS_ATTENTION_ROW (self));
  g_return_if_fail (item == NULL || EBB_IS_PATIENT_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;

  ebb_attention_row_sync (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
