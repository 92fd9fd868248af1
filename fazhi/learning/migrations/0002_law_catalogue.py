"""The laws an office of this kind studies most, so the catalogue is not empty on day one
(the administrator adds others). Named as the office writes them, without 《》."""

from django.db import migrations

LAWS = [
    ("中华人民共和国宪法", "constitution"),
    ("中华人民共和国民法典", "law"),
    ("中华人民共和国行政处罚法", "law"),
    ("中华人民共和国行政许可法", "law"),
    ("中华人民共和国行政复议法", "law"),
    ("中华人民共和国行政诉讼法", "law"),
    ("中华人民共和国国家安全法", "law"),
    ("中华人民共和国法治宣传教育法", "law"),
    ("中华人民共和国政府信息公开条例", "regulation"),
    ("重大行政决策程序暂行条例", "regulation"),
    ("优化营商环境条例", "regulation"),
    ("天津市行政调解规定", "local"),
    ("党政主要负责人履行推进法治建设第一责任人职责规定", "party"),
    ("习近平法治思想", "party"),
]


def forwards(apps, schema_editor):
    Law = apps.get_model("learning", "Law")
    for order, (name, kind) in enumerate(LAWS):
        Law.objects.get_or_create(name=name, defaults={"kind": kind, "order": order})


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
