"""Every `fazhi` command of ours prints its help, in either language (argparse cannot
wrap a lazy translation: a crash here once hid `fazhi backup --help`)."""

import pytest
from django.core.management import get_commands, load_command_class
from django.utils import translation

OURS = sorted(name for name, app in get_commands().items() if app.startswith("fazhi"))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("name", OURS)
def test_the_command_prints_its_help(name, language):
    command = load_command_class(get_commands()[name], name)
    with translation.override(language):
        text = command.create_parser("fazhi", name).format_help()
    assert name in text and len(text) > 40
