"""The audit trail: written in the change's transaction, append-only, hash-chained."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from fazhi.core import audit
from fazhi.core.models import AuditEntry, Department

pytestmark = pytest.mark.django_db


def _entries(n, actor=None):
    dept = Department.objects.create(name="办公室", code="audit-dept")
    for i in range(n):
        with transaction.atomic():
            audit.record(
                actor=actor,
                verb="test.changed",
                target=dept,
                changes={"name": [f"v{i}", f"v{i + 1}"]},
                reason=f"第{i}次",
            )


def _tamper(sql, params=()):
    """Edit the table behind the app's back, as someone with database access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER core_auditentry_no_update")
        cursor.execute(sql, params)


def test_it_chains_entries_and_verifies(officer):
    _entries(5, actor=officer)
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == audit.GENESIS
    assert all(
        b.prev_hash == a.hash for a, b in zip(entries, entries[1:], strict=False)
    )
    assert entries[2].actor_name == "法制员"
    assert entries[2].changes == {"name": ["v2", "v3"]}
    assert audit.verify().ok and audit.verify().checked == 5


def test_it_reports_the_first_edited_entry():
    _entries(6)
    _tamper("UPDATE core_auditentry SET reason = %s WHERE seq = 4", ["改过"])
    result = audit.verify()
    assert not result.ok
    assert result.broken_seq == 4
    assert result.checked == 3


def test_it_reports_a_deleted_entry():
    _entries(5)
    _tamper("DELETE FROM core_auditentry WHERE seq = 2")
    result = audit.verify()
    assert result.broken_seq == 2 and "missing" in result.problem


def test_the_database_refuses_to_update_an_entry():
    _entries(1)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=1).update(reason="x")


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_write_outside_a_transaction():
    with pytest.raises(RuntimeError):
        audit.record(actor=None, verb="test.nothing")


def test_an_entry_rolls_back_with_its_change():
    dept = Department.objects.create(name="科室", code="rollback")
    with pytest.raises(ValueError), transaction.atomic():
        audit.record(actor=None, verb="test.changed", target=dept)
        raise ValueError
    assert not AuditEntry.objects.filter(verb="test.changed").exists()


def test_verify_command_exits_non_zero_on_a_broken_chain(capsys):
    _entries(3)
    call_command("audit", "verify")
    assert "3 entries verified" in capsys.readouterr().out
    _tamper("UPDATE core_auditentry SET verb = 'x' WHERE seq = 3")
    with pytest.raises(CommandError, match="#3"):
        call_command("audit", "verify")


def test_audit_admin_lists_and_filters_entries(client, admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    _entries(3, actor=admin_user)
    client.force_login(admin_user)
    response = client.get("/admin/core/auditentry/?verb=test.changed&q=%E7%AC%AC1")
    assert response.status_code == 200
    body = response.content.decode()
    assert "第1次" in body and "第2次" not in body
    assert client.get("/admin/core/auditentry/add/").status_code == 403


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's test flush deletes row by row"
)
def test_postgresql_refuses_to_delete_an_entry():
    _entries(1)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=1).delete()
