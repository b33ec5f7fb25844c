#!/usr/bin/env python3
# check-appdata.py METAINFO DESKTOP SERVICE VERSION BINDIR: what a software centre and the
# desktop read from the built metainfo, desktop file and D-Bus service file (appstreamcli and
# desktop-file-validate check the syntax; this checks the content): releases with notes, the
# newest being this version; screenshots in the repository's data/screenshots/; the OARS
# content rating; categories and the keywords people search for; an update contact; a
# D-Bus activatable desktop file whose service file starts the installed wizard.
# TAP output. SPDX-License-Identifier: GPL-3.0-or-later
import configparser
import os
import re
import sys
import xml.etree.ElementTree as ET

APP_ID = "io.github.mailsetup.MailSetup"
SCREENSHOT_BASE = "https://raw.githubusercontent.com/mailsetup/mail-setup/main/data/screenshots/"
SEARCH_WORDS = ["email", "imap", "outlook", "gmail", "oauth"]

metainfo_path, desktop_path, service_path, version, bindir = sys.argv[1:6]
source_dir = os.environ.get("MAIL_SETUP_SOURCE_DIR",
                            os.path.join(os.path.dirname(__file__), ".."))
results = []


def check(ok, what, detail=""):
    results.append((ok, what, detail))


def untranslated(parent, tag):
    """The elements without xml:lang (the English ones)."""
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    return [e for e in parent.findall(tag) if e.get(lang) is None]


root = ET.parse(metainfo_path).getroot()

# Releases: newest first, the newest is this version, each with a date and notes.
releases = root.findall("releases/release")
check(len(releases) > 0, "the metainfo has releases")
if releases:
    check(releases[0].get("version") == version,
          f"the newest release is the project's version {version}",
          f"found {releases[0].get('version')}")
for release in releases:
    notes = release.find("description")
    text = " ".join(notes.itertext()).strip() if notes is not None else ""
    check(bool(release.get("date")) and len(text) > 20,
          f"release {release.get('version')} has a date and notes")

# Screenshots: each in the repository's data/screenshots/, existing, with a caption.
screenshots = root.findall("screenshots/screenshot")
check(len(screenshots) >= 3, f"{len(screenshots)} screenshots (at least 3)")
check(len([s for s in screenshots if s.get("type") == "default"]) == 1,
      "exactly one default screenshot")
for shot in screenshots:
    images = untranslated(shot, "image")
    captions = untranslated(shot, "caption")
    url = images[0].text.strip() if images else ""
    name = url[len(SCREENSHOT_BASE):] if url.startswith(SCREENSHOT_BASE) else ""
    exists = bool(name) and "/" not in name and \
        os.path.isfile(os.path.join(source_dir, "data", "screenshots", name))
    check(exists and captions and captions[0].text.strip(),
          f"screenshot {url} is in data/screenshots/ and has a caption")

# OARS content rating.
rating = root.find("content_rating")
check(rating is not None and rating.get("type") in ("oars-1.0", "oars-1.1"),
      "an OARS content rating")

# Categories and keywords, in the metainfo and the desktop file.
categories = [c.text for c in root.findall("categories/category")]
check("Email" in categories and "Network" in categories,
      "metainfo categories Network and Email", str(categories))
keywords_element = root.find("keywords")
keywords = [k.text.lower() for k in untranslated(keywords_element, "keyword")] \
    if keywords_element is not None else []
missing = [w for w in SEARCH_WORDS if w not in keywords]
check(not missing, "metainfo keywords hold " + ", ".join(SEARCH_WORDS), f"missing {missing}")

desktop = configparser.ConfigParser(interpolation=None, strict=False)
desktop.optionxform = str
desktop.read(desktop_path, encoding="utf-8")
entry = desktop["Desktop Entry"]
desktop_keywords = [k.lower() for k in entry.get("Keywords", "").split(";") if k]
missing = [w for w in SEARCH_WORDS if w not in desktop_keywords]
check(not missing, "desktop file keywords hold " + ", ".join(SEARCH_WORDS), f"missing {missing}")
desktop_categories = entry.get("Categories", "").split(";")
check("Email" in desktop_categories and "Network" in desktop_categories,
      "desktop file categories Network and Email")

# The update contact: an address (the validator only checks it is there).
contact = root.findtext("update_contact", "").strip()
check(re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", contact) is not None,
      "an update_contact address", contact)

# The desktop file is D-Bus activatable, and the service file starts the installed wizard.
launchable = root.findtext("launchable", "").strip()
check(launchable == os.path.basename(desktop_path) == APP_ID + ".desktop",
      "the launchable is the desktop file, named after the app ID")
check(entry.get("DBusActivatable") == "true", "DBusActivatable=true")
check(entry.get("Exec") == f"{bindir}/mail-setup", f"the desktop file runs {bindir}/mail-setup",
      entry.get("Exec"))
service = configparser.ConfigParser(interpolation=None)
service.optionxform = str
service.read(service_path, encoding="utf-8")
check(os.path.basename(service_path) == APP_ID + ".service" and
      service.get("D-BUS Service", "Name", fallback=None) == APP_ID,
      "the D-Bus service file is named after the app ID and owns it")
check(service.get("D-BUS Service", "Exec", fallback=None) ==
      f"{bindir}/mail-setup --gapplication-service",
      "the D-Bus service starts the installed wizard as a GApplication service")

for i, (ok, what, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {what}" + ("" if ok or not detail else f": {detail}"))
print(f"1..{len(results)}")
