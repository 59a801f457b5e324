from django.db import migrations

TOPICS = [
    ("marriage-family", "婚姻家庭", "Marriage and family", False),
    ("inheritance", "继承", "Inheritance", False),
    ("labour", "劳动", "Labour", False),
    ("housing", "房产", "Housing", False),
    ("consumer", "消费", "Consumer", False),
    ("notarization", "公证", "Notarization", True),
    ("other", "其他", "Other", False),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("consult", "Topic")
    for position, (code, zh, en, notarization) in enumerate(TOPICS):
        Topic.objects.get_or_create(
            code=code,
            defaults={"name_zh": zh, "name_en": en, "is_notarization": notarization,
                      "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("consult", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
