"""Several server processes writing to one SQLite file at once never see "database is
locked", and the audit chain they write together stays intact."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

WRITER = """
import django, sys
django.setup()
from django.db import transaction
from fazhi.core import audit
from fazhi.core.models import Department
n = int(sys.argv[1])
for i in range(40):
    with transaction.atomic():
        d = Department.objects.create(name=f"科室{n}-{i}", code=f"w{n}-{i}")
        audit.record(actor=None, verb="department.created", target=d)
"""

CHECK = """
import django
django.setup()
from fazhi.core import audit
from fazhi.core.models import Department
from django.db import connection
r = audit.verify()
with connection.cursor() as c:
    c.execute("PRAGMA journal_mode")
    mode = c.fetchone()[0]
print(Department.objects.count(), r.ok, r.checked, mode)
"""


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="the SQLite file setup"
)
def test_four_writers_at_once_all_succeed(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FAZHI_", "DATABASE_URL"))
    }
    env |= {"FAZHI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    run = [sys.executable, "-m", "fazhi", "migrate", "-v0"]
    subprocess.run(run, env=env, cwd=ROOT, check=True)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(n)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(4)
    ]
    for writer in writers:
        _out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()[-2000:]
    out = (
        subprocess.run(
            [sys.executable, "-c", CHECK],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split()
    )
    assert out == ["160", "True", "160", "wal"]
