"""Creates the three roles with their model permissions, and the shared cache table.

Permissions are normally created after migrate finishes; they are created here first so the groups can be given
them in the same run. Object-level limits (a manager changes only what they own or lead) are in the views.
"""

from django.contrib.auth.management import create_permissions
from django.core.management import call_command
from django.db import migrations

DOMAIN_APPS = ("inspections", "performance", "improvement")

MANAGER_CHANGES = [
    ("improvement", "change_action"),
    ("improvement", "add_progressupdate"),
    ("improvement", "add_priorityassessment"),
]


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    domain = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS)
    views = domain.filter(codename__startswith="view_")

    admin, _ = Group.objects.get_or_create(name="Admin")
    admin.permissions.set(
        list(domain) + list(Permission.objects.filter(content_type__app_label="auth"))
    )
    manager, _ = Group.objects.get_or_create(name="Manager")
    manager.permissions.set(
        list(views)
        + [Permission.objects.get(content_type__app_label=app, codename=code) for app, code in MANAGER_CHANGES]
    )
    committee, _ = Group.objects.get_or_create(name="Committee member")
    committee.permissions.set(list(views))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Admin", "Manager", "Committee member"]).delete()


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("inspections", "0001_initial"),
        ("performance", "0001_initial"),
        ("improvement", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
