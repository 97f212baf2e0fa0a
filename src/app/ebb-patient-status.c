/* ebb-patient-status.c — the top of the patient page
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The patient's code and name, a pill saying how they are doing, the
 * next session and how durable their responses have been.  The page
 * works out the words from the rules (ebb-patient-page-trajectory.c) and
 * sets them here; the template binds its labels to these properties.
 */
#define G_LOG_DOMAIN "ebb-patient-status"

#include "config.h"

#include "ebb-patient-status.h"
#include "ebb-wrap-box.h"

struct _EbbPatientStatus
{
  GtkWidget  parent_instance;

  char      *code;
  char      *name;
  char      *status;
  char      *status_style;    /* a class of .ebb-status-pill */
  char      *status_tooltip;
  char      *next;
  gboolean   next_warning;
  char      *durability;      /* NULL before the first rating */

  /* Template children */
  GtkWidget *box;
};

G_DEFINE_FINAL_TYPE (EbbPatientStatus, ebb_patient_status, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME,
  PROP_STATUS,
  PROP_STATUS_STYLE,
  PROP_STATUS_TOOLTIP,
  PROP_NEXT,
  PROP_NEXT_WARNING,
  PROP_DURABILITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string (EbbPatientStatus  *self,
            char             **field,
            const char        *value,
            guint              prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* Closures ------------------------------------------------------------------ */

static char **
status_classes (EbbPatientStatus *self,
                const char       *style)
{
  const char *classes[] = { "ebb-status-pill", style, NULL };

  return g_strdupv ((char **) classes);
}

/* A booked day gone by unrecorded, or nothing booked after a session */
static char **
next_classes (EbbPatientStatus *self,
              gboolean          warning)
{
  const char *classes[] = { warning ? "warning" : NULL, NULL };

  return g_strdupv ((char **) classes);
}

static gboolean
has_text (EbbPatientStatus *self,
          const char       *text)
{
  return text != NULL && *text != '\0';
}

/* GObject ------------------------------------------------------------------- */

static void
ebb_patient_status_dispose (GObject *object)
{
  EbbPatientStatus *self = EBB_PATIENT_STATUS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), EBB_TYPE_PATIENT_STATUS);

  G_OBJECT_CLASS (ebb_patient_status_parent_class)->dispose (object);
}

static void
ebb_patient_status_finalize (GObject *object)
{
  EbbPatientStatus *self = EBB_PATIENT_STATUS (object);

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->status_style, g_free);
  g_clear_pointer (&self->status_tooltip, g_free);
  g_clear_pointer (&self->next, g_free);
  g_clear_pointer (&self->durability, g_free);

  G_OBJECT_CLASS (ebb_patient_status_parent_class)->finalize (object);
}

static void
ebb_patient_status_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  EbbPatientStatus *self = EBB_PATIENT_STATUS (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_STATUS_STYLE:
      g_value_set_string (value, self->status_style);
      break;

    case PROP_STATUS_TOOLTIP:
      g_value_set_string (value, self->status_tooltip);
      break;

    case PROP_NEXT:
      g_value_set_string (value, self->next);
      break;

    case PROP_NEXT_WARNING:
      g_value_set_boolean (value, self->next_warning);
      break;

    case PROP_DURABILITY:
      g_value_set_string (value, self->durability);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_patient_status_class_init (EbbPatientStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ebb_patient_status_dispose;
  object_class->finalize = ebb_patient_status_finalize;
  object_class->get_property = ebb_patient_status_get_property;

  /* All set through ebb_patient_status_set_*(), which say what goes together */
  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_STATUS_STYLE] = g_param_spec_string ("status-style", NULL, NULL, NULL, flags);
  properties[PROP_STATUS_TOOLTIP] = g_param_spec_string ("status-tooltip", NULL, NULL, NULL, flags);
  properties[PROP_NEXT] = g_param_spec_string ("next", NULL, NULL, NULL, flags);
  properties[PROP_NEXT_WARNING] = g_param_spec_boolean ("next-warning", NULL, NULL, FALSE, flags);
  properties[PROP_DURABILITY] = g_param_spec_string ("durability", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EBB_TYPE_WRAP_BOX);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-patient-status.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbPatientStatus, box);
  /* Named for the tests, which look at how they wrap */
  gtk_widget_class_bind_template_child_full (widget_class, "name_label", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "status_label", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, status_classes);
  gtk_widget_class_bind_template_callback (widget_class, next_classes);
  gtk_widget_class_bind_template_callback (widget_class, has_text);
}

static void
ebb_patient_status_init (EbbPatientStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API ---------------------------------------------------------------- */

void
ebb_patient_status_set_patient (EbbPatientStatus *self,
                                const char       *code,
                                const char       *name)
{
  g_return_if_fail (EBB_IS_PATIENT_STATUS (self));

  set_string (self, &self->code, code, PROP_CODE);
  set_string (self, &self->name, name, PROP_NAME);
}

const char *
ebb_patient_status_get_status (EbbPatientStatus *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_STATUS (self), NULL);

  return self->status;
}

/**
 * ebb_patient_status_set_status:
 * @status: "Responding · fade projected Wed 9 Dec"
 * @style: the pill's colour, a class of `.ebb-status-pill`: "responding",
 *   "remission", "not-responding", "no-baseline" or "alert"
 * @tooltip: (nullable): what the status is measured from
 */
void
ebb_patient_status_set_status (EbbPatientStatus *self,
                               const char       *status,
                               const char       *style,
                               const char       *tooltip)
{
  g_return_if_fail (EBB_IS_PATIENT_STATUS (self));

  set_string (self, &self->status, status, PROP_STATUS);
  set_string (self, &self->status_style, style, PROP_STATUS_STYLE);
  set_string (self, &self->status_tooltip, tooltip, PROP_STATUS_TOOLTIP);
}

/**
 * ebb_patient_status_set_next:
 * @next: the next session, or that there is none
 * @warning: whether it needs doing something about
 */
void
ebb_patient_status_set_next (EbbPatientStatus *self,
                             const char       *next,
                             gboolean          warning)
{
  g_return_if_fail (EBB_IS_PATIENT_STATUS (self));

  set_string (self, &self->next, next, PROP_NEXT);
  warning = !!warning;
  if (self->next_warning == warning)
    return;
  self->next_warning = warning;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_WARNING]);
}

/**
 * ebb_patient_status_set_durability:
 * @durability: (nullable): how long responses lasted, or %NULL to show
 *   nothing
 */
void
ebb_patient_status_set_durability (EbbPatientStatus *self,
                                   const char       *durability)
{
  g_return_if_fail (EBB_IS_PATIENT_STATUS (self));

  set_string (self, &self->durability, durability, PROP_DURABILITY);
}
