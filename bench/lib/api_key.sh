# Sourced by the bench scripts. Every call but health needs an API key (issue 17); a server writes an admin key to
# <data-dir>/admin.key on its first start, so a bench reads it once the server listens. Builds from before the
# security work write no such file and need no key: then admin_key prints nothing and no header is sent.
admin_key() { # DATA_DIR -> the key, or nothing
  [ -f "$1/admin.key" ] && tr -d '[:space:]' <"$1/admin.key" || true
}
auth_header() { # KEY -> h2load/curl header arguments, one per line (none for an empty key)
  [ -n "$1" ] && printf -- '-H\nauthorization: Bearer %s\n' "$1" || true
}
