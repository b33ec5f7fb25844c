#!/usr/bin/env python3
# check-flatpak-manifest.py: build-aux/flatpak/io.github.mailsetup.MailSetup.json is a
# manifest flatpak-builder reads (JSON; only keys that flatpak-manifest(5) documents, with the
# right types; the required ones present), on the GNOME runtime, and asks for nothing the code
# does not need: every module builds a dependency() that the runtime lacks (or Mail Setup
# itself), and every finish-arg is one the code uses (see REASONS). It cannot be built here
# (no network for the runtime), so this is its test. TAP output.
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import re
import sys

APP_ID = "io.github.mailsetup.MailSetup"
source_dir = os.environ.get("MAIL_SETUP_SOURCE_DIR",
                            os.path.join(os.path.dirname(__file__), ".."))
manifest_path = os.path.join(source_dir, "build-aux", "flatpak", APP_ID + ".json")

# flatpak-manifest(5), flatpak-builder 1.2 (Debian 12): top-level properties and their types.
TOP_LEVEL = {
    "id": str, "app-id": str, "branch": str, "default-branch": str, "collection-id": str,
    "extension-tag": str, "runtime": str, "runtime-version": str, "runtime-commit": str,
    "sdk": str, "sdk-commit": str, "var": str, "metadata": str, "command": str,
    "build-runtime": bool, "build-extension": bool, "separate-locales": bool,
    "id-platform": str, "metadata-platform": str, "writable-sdk": bool,
    "appstream-compose": bool, "sdk-extensions": list, "platform-extensions": list,
    "base": str, "base-version": str, "base-commit": str, "base-extensions": list,
    "inherit-extensions": list, "inherit-sdk-extensions": list, "tags": list,
    "build-options": dict, "modules": list, "add-extensions": dict,
    "add-build-extensions": dict, "cleanup": list, "cleanup-commands": list,
    "cleanup-platform": list, "cleanup-platform-commands": list,
    "prepare-platform-commands": list, "finish-args": list, "rename-desktop-file": str,
    "rename-appdata-file": str, "rename-mime-file": str, "rename-icon": str,
    "appdata-license": str, "copy-icon": bool, "desktop-file-name-prefix": str,
    "desktop-file-name-suffix": str, "rename-mime-icons": list,
}
MODULE = {
    "name": str, "disabled": bool, "sources": list, "config-opts": list, "make-args": list,
    "make-install-args": list, "rm-configure": bool, "no-autogen": bool,
    "no-parallel-make": bool, "install-rule": str, "no-make-install": bool,
    "no-python-timestamp-fix": bool, "cmake": bool, "buildsystem": str, "builddir": bool,
    "subdir": str, "build-options": dict, "build-commands": list, "post-install": list,
    "cleanup": list, "ensure-writable": list, "only-arches": list, "skip-arches": list,
    "cleanup-platform": list, "run-tests": bool, "test-rule": str, "test-commands": list,
    "modules": list,
}
BUILDSYSTEMS = {"autotools", "cmake", "cmake-ninja", "meson", "simple", "qmake"}
SOURCE_TYPES = {"archive", "git", "bzr", "svn", "dir", "file", "script", "inline", "shell",
                "patch", "extra-data"}

# What org.gnome.Platform 43 (GNOME 43 on freedesktop-sdk 22.08) provides of our dependencies:
# GLib 2.74, GTK 4.8, libadwaita 1.2, libsoup 3.2, libsecret 0.20, json-glib 1.6, OpenSSL 3.0.
RUNTIME_PROVIDES = {"glib-2.0", "gio-2.0", "gio-unix-2.0", "gmodule-no-export-2.0", "gtk4",
                    "libadwaita-1", "libsoup-3.0", "libsecret-1", "json-glib-1.0", "libcrypto"}

# Every finish-arg, and the code that needs it (checked to be there).
REASONS = {
    "--share=network": ("IMAP/SMTP checks, discovery and OAuth2 over the network",
                        "src/core/net/mail-connection.c", "g_socket_client"),
    "--share=ipc": ("X11 shared memory for the GTK wizard", "src/ui/meson.build", "gtk4"),
    "--socket=wayland": ("the GTK wizard's window", "src/ui/meson.build", "gtk4"),
    "--socket=fallback-x11": ("the GTK wizard's window without Wayland",
                              "src/ui/meson.build", "gtk4"),
    "--device=dri": ("GTK 4's GL renderer", "src/ui/meson.build", "gtk4"),
    "--talk-name=org.freedesktop.secrets": ("tokens and passwords in the Secret Service "
                                            "(libsecret)", "src/core/account/mail-account-store.c",
                                            "secret_"),
}
# Never: these would let the app out of its sandbox or into the user's files.
FORBIDDEN = re.compile(r"^--(filesystem=(host|home)|talk-name=org\.freedesktop\.Flatpak|"
                       r"socket=session-bus|socket=system-bus|device=all)")

results = []


def check(ok, what, detail=""):
    results.append((bool(ok), what, detail))


def check_keys(obj, schema, where):
    unknown = [k for k in obj if k not in schema]
    wrong = [k for k in obj if k in schema and not isinstance(obj[k], schema[k])]
    check(not unknown and not wrong, f"{where}: only documented keys, with their types",
          f"unknown {unknown}, wrong type {wrong}")


try:
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    check(isinstance(manifest, dict), "the manifest is a JSON object")
except (OSError, ValueError) as e:
    print(f"not ok 1 - {manifest_path} is not JSON: {e}\n1..1")
    sys.exit(0)

check_keys(manifest, TOP_LEVEL, "top level")
required = ["runtime", "runtime-version", "sdk", "command", "modules"]
check(all(k in manifest for k in required) and ("id" in manifest or "app-id" in manifest),
      "the required keys: id, " + ", ".join(required))
check(manifest.get("id", manifest.get("app-id")) == APP_ID, f"the id is {APP_ID}")
check(manifest.get("runtime") == "org.gnome.Platform" and manifest.get("sdk") == "org.gnome.Sdk",
      "the GNOME runtime and SDK")
check(manifest.get("command") == "mail-setup", "the command is the wizard, mail-setup")

# The dependencies the code declares (meson dependency() calls, required ones).
deps = set()
for dirpath, dirnames, filenames in os.walk(source_dir):
    dirnames[:] = [d for d in dirnames if not d.startswith(("build", ".", "_build"))]
    if "meson.build" in filenames:
        text = open(os.path.join(dirpath, "meson.build"), encoding="utf-8").read()
        for m in re.finditer(r"dependency\('([^']+)'([^)]*)\)", text):
            if "required: false" not in m.group(2):
                deps.add(m.group(1))
check(deps and deps <= RUNTIME_PROVIDES | {m.get("name") for m in manifest.get("modules", [])},
      "every dependency() of the code is in the runtime or a module",
      f"missing {sorted(deps - RUNTIME_PROVIDES)}")

modules = manifest.get("modules", [])
for module in modules:
    name = module.get("name", "?") if isinstance(module, dict) else "?"
    if not isinstance(module, dict):
        check(False, "a module is an object (module files are not used here)")
        continue
    check_keys(module, MODULE, f"module {name}")
    check(module.get("buildsystem", "autotools") in BUILDSYSTEMS,
          f"module {name}: a known buildsystem")
    check(name == "mail-setup" or (name in deps and name not in RUNTIME_PROVIDES),
          f"module {name} is needed (Mail Setup itself, or a dependency the runtime lacks)")
    for source in module.get("sources", []):
        stype = source.get("type") if isinstance(source, dict) else None
        check(stype in SOURCE_TYPES, f"module {name}: source type {stype} is documented")
        source_keys = {"type", "dest", "only-arches", "skip-arches", "path", "skip", "url",
                       "sha256", "sha512", "branch", "tag", "commit", "dest-filename",
                       "strip-components", "mirror-urls", "disable-submodules",
                       "disable-shallow-clone", "commands", "paths", "use-git", "options",
                       "contents", "filename", "md5", "sha1", "archive-type", "git-init",
                       "revision", "disable-fsckobjects"}
        check(isinstance(source, dict) and set(source) <= source_keys,
              f"module {name}: only documented source keys", str(sorted(source)))
        if name == "mail-setup":
            path = os.path.normpath(os.path.join(os.path.dirname(manifest_path),
                                                 source.get("path", "")))
            check(stype == "dir" and
                  os.path.samefile(path, source_dir),
                  f"module {name}: its source is this checkout ({source.get('path')})")
        elif stype in ("archive", "file"):
            check("sha256" in source and source.get("url", "").startswith("https://"),
                  f"module {name}: an https URL with its sha256")
check(modules and modules[-1].get("name") == "mail-setup", "Mail Setup is the last module")
app_module = next((m for m in modules if isinstance(m, dict) and m.get("name") == "mail-setup"),
                  {})
opts = app_module.get("config-opts", [])
check("-Dtests=false" in opts and "-Dman=disabled" in opts,
      "mail-setup is built without the tests and manual pages (scdoc is not in the SDK)")

args = manifest.get("finish-args", [])
check(len(args) == len(set(args)), "no finish-arg twice")
for arg in args:
    reason = REASONS.get(arg)
    if reason is None:
        check(False, f"finish-arg {arg} is one the code needs",
              "forbidden" if FORBIDDEN.match(arg) else "not in the list of needed ones")
        continue
    what, path, needle = reason
    try:
        used = needle in open(os.path.join(source_dir, path), encoding="utf-8").read()
    except OSError:
        used = False
    check(used, f"finish-arg {arg}: {what} ({path})")
for arg in REASONS:
    check(arg in args, f"the manifest grants {arg}")

for i, (ok, what, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {what}" + ("" if ok or not detail else f": {detail}"))
print(f"1..{len(results)}")
