"""The zh_Hans catalog is complete: every string in the code is in it and translated,
and the compiled .mo matches the .po."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

FAZHI = Path(__file__).resolve().parents[2]
PO = FAZHI / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _msgids(path: Path) -> set[str]:
    return {e.msgid for e in polib.pofile(str(path)) if not e.obsolete}


def test_every_catalog_entry_is_translated():
    untranslated = [
        e.msgid
        for e in polib.pofile(str(PO))
        if not e.obsolete and ("fuzzy" in e.flags or not e.translated())
    ]
    assert untranslated == []


def test_the_compiled_catalog_matches_the_source():
    po = {
        (e.msgid, e.msgstr or e.msgstr_plural.get(0))
        for e in polib.pofile(str(PO))
        if not e.obsolete
    }
    mo = {
        (e.msgid, e.msgstr or e.msgstr_plural.get(0))
        for e in polib.mofile(str(MO))
        if e.msgid
    }
    assert po == mo, "run `make messages` to recompile the catalog"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_every_string_in_the_code_is_in_the_catalog(tmp_path):
    source = tmp_path / "fazhi"
    shutil.copytree(
        FAZHI, source, ignore=shutil.ignore_patterns("vendor", "__pycache__", "*.mo")
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-location",
            "--no-obsolete",
            "-i",
            "static/*",
        ],
        cwd=source,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "fazhi.settings",
            "PYTHONPATH": str(FAZHI.parent),
        },
    )
    missing = _msgids(source / "locale/zh_Hans/LC_MESSAGES/django.po") - _msgids(PO)
    assert missing == set(), f"strings without a translation: {sorted(missing)}"


def test_no_translated_string_hides_inside_an_f_string():
    """makemessages does not look inside f-strings: `f"{_('x')}"` is never translated."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"""\bf(["'])(?:(?!\1).)*\{[^}]*\b_\(""")
    hidden = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line)
    ]
    assert hidden == []
