/* mail-tls-database.c
 *
 * GIO offers either the system's database or a file's, not both: this chains the two
 * without copying the system bundle anywhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-file.h"
#include "mail-tls-database.h"
#include "mail-types.h"

/* Debian's whole system bundle is about 200 KiB. */
#define MAIL_CA_FILE_MAX_BYTES (8 * 1024 * 1024)

struct _MailTlsDatabase
{
  GTlsDatabase  parent_instance;
  GTlsDatabase *extra;
  GTlsDatabase *system;
};

G_DEFINE_FINAL_TYPE (MailTlsDatabase, mail_tls_database, G_TYPE_TLS_DATABASE)

/* Loading the system's store costs time and megabytes: only when the CA file is not enough. */
static GTlsDatabase *
get_system (MailTlsDatabase *self)
{
  if (self->system == NULL)
    self->system = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  return self->system;
}

static GTlsCertificateFlags
mail_tls_database_verify_chain (GTlsDatabase            *database,
                                GTlsCertificate         *chain,
                                const char              *purpose,
                                GSocketConnectable      *identity,
                                GTlsInteraction         *interaction,
                                GTlsDatabaseVerifyFlags  flags,
                                GCancellable            *cancellable,
                                GError                 **error)
{
  MailTlsDatabase *self = MAIL_TLS_DATABASE (database);
  GTlsCertificateFlags result;

  if (self->extra == NULL)
    result = G_TLS_CERTIFICATE_UNKNOWN_CA;
  else
    result = g_tls_database_verify_chain (self->extra, chain, purpose, identity, interaction,
                                          flags, cancellable, error);
  if ((result & G_TLS_CERTIFICATE_UNKNOWN_CA) == 0 || get_system (self) == NULL)
    return result;

  if (error != NULL)
    g_clear_error (error);
  return g_tls_database_verify_chain (self->system, chain, purpose, identity, interaction,
                                      flags, cancellable, error);
}

static GTlsCertificate *
mail_tls_database_lookup_certificate_issuer (GTlsDatabase             *database,
                                             GTlsCertificate          *certificate,
                                             GTlsInteraction          *interaction,
                                             GTlsDatabaseLookupFlags   flags,
                                             GCancellable             *cancellable,
                                             GError                  **error)
{
  MailTlsDatabase *self = MAIL_TLS_DATABASE (database);
  GTlsCertificate *issuer = NULL;

  if (self->extra != NULL)
    issuer = g_tls_database_lookup_certificate_issuer (self->extra, certificate, interaction,
                                                       flags, cancellable, NULL);
  if (issuer != NULL || get_system (self) == NULL)
    return issuer;
  return g_tls_database_lookup_certificate_issuer (self->system, certificate, interaction,
                                                   flags, cancellable, error);
}

static GList *
mail_tls_database_lookup_certificates_issued_by (GTlsDatabase            *database,
                                                 GByteArray              *issuer_raw_dn,
                                                 GTlsInteraction         *interaction,
                                                 GTlsDatabaseLookupFlags  flags,
                                                 GCancellable            *cancellable,
                                                 GError                 **error)
{
  MailTlsDatabase *self = MAIL_TLS_DATABASE (database);
  GList *list = NULL;

  if (self->extra != NULL)
    list = g_tls_database_lookup_certificates_issued_by (self->extra, issuer_raw_dn, interaction,
                                                         flags, cancellable, NULL);
  if (get_system (self) != NULL)
    list = g_list_concat (list,
                          g_tls_database_lookup_certificates_issued_by (self->system,
                                                                        issuer_raw_dn,
                                                                        interaction, flags,
                                                                        cancellable, error));
  return list;
}

static char *
mail_tls_database_create_certificate_handle (GTlsDatabase    *database,
                                             GTlsCertificate *certificate)
{
  MailTlsDatabase *self = MAIL_TLS_DATABASE (database);

  if (self->extra == NULL)
    return get_system (self) != NULL
           ? g_tls_database_create_certificate_handle (self->system, certificate) : NULL;
  return g_tls_database_create_certificate_handle (self->extra, certificate);
}

static GTlsCertificate *
mail_tls_database_lookup_certificate_for_handle (GTlsDatabase             *database,
                                                 const char               *handle,
                                                 GTlsInteraction          *interaction,
                                                 GTlsDatabaseLookupFlags   flags,
                                                 GCancellable             *cancellable,
                                                 GError                  **error)
{
  MailTlsDatabase *self = MAIL_TLS_DATABASE (database);
  GTlsDatabase *inner = self->extra != NULL ? self->extra : get_system (self);

  if (inner == NULL)
    return NULL;
  return g_tls_database_lookup_certificate_for_handle (inner, handle, interaction, flags,
                                                       cancellable, error);
}

static void
mail_tls_database_dispose (GObject *object)
{
  MailTlsDatabase *self = MAIL_TLS_DATABASE (object);

  g_clear_object (&self->extra);
  g_clear_object (&self->system);
  G_OBJECT_CLASS (mail_tls_database_parent_class)->dispose (object);
}

static void
mail_tls_database_class_init (MailTlsDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GTlsDatabaseClass *database_class = G_TLS_DATABASE_CLASS (klass);

  object_class->dispose = mail_tls_database_dispose;
  database_class->verify_chain = mail_tls_database_verify_chain;
  database_class->lookup_certificate_issuer = mail_tls_database_lookup_certificate_issuer;
  database_class->lookup_certificates_issued_by = mail_tls_database_lookup_certificates_issued_by;
  database_class->create_certificate_handle = mail_tls_database_create_certificate_handle;
  database_class->lookup_certificate_for_handle = mail_tls_database_lookup_certificate_for_handle;
}

static void
mail_tls_database_init (MailTlsDatabase *self)
{
}

GTlsDatabase *
mail_tls_database_new (const char  *ca_file,
                       GError     **error)
{
  g_autoptr(MailTlsDatabase) self = NULL;
  g_autofree char *data = NULL;
  GList *certificates;

  g_return_val_if_fail (ca_file != NULL, NULL);

  /* Bounded first: GIO reads whatever it is given to the end, and /dev/zero never ends. GIO
   * reads the file again below, so it must be a regular file, now known to be small. */
  data = mail_file_read_bounded (ca_file, MAIL_CA_FILE_MAX_BYTES, NULL, error);
  if (data == NULL)
    return NULL;
  if (!g_file_test (ca_file, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("%s is not a regular file."), ca_file);
      return NULL;
    }
  if (strstr (data, "-----BEGIN CERTIFICATE-----") == NULL)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("%s holds no PEM certificate."), ca_file);
      return NULL;
    }

  /* Read it now, so a wrong path or an empty file is a clear error before any connection. */
  certificates = g_tls_certificate_list_new_from_file (ca_file, error);
  if (certificates == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                     _("%s holds no PEM certificate."), ca_file);
      return NULL;
    }
  g_list_free_full (certificates, g_object_unref);

  self = g_object_new (MAIL_TYPE_TLS_DATABASE, NULL);
  self->extra = g_tls_file_database_new (ca_file, error);
  if (self->extra == NULL)
    return NULL;
  return G_TLS_DATABASE (g_steal_pointer (&self));
}

/* The system's store alone, loaded on first use and kept for the process. Given to every TLS
 * connection that has no other database: GIO's own default makes GnuTLS parse the system
 * bundle twice per connection (once for the database, once for the connection), even when
 * the certificate is never checked against it. Owned by the process: do not unref. */
GTlsDatabase *
mail_tls_database_get_system (void)
{
  static GTlsDatabase *system;

  if (g_once_init_enter (&system))
    g_once_init_leave (&system, g_object_new (MAIL_TYPE_TLS_DATABASE, NULL));
  return system;
}
