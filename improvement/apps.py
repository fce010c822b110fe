from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "improvement"
    verbose_name = "Improvement plans"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete

        from improvement.models import Action

        # The plans' colours tokens (`improvement.plans.intervals.renew_tokens`), under which the dashboard caches
        # each plan's counts. `intervals.refresh` renews them whenever it rewrites a plan's intervals; these cover
        # what changes a plan's counts without that: a new plan, an action deleted (by any ORM path, its plan's
        # deletion included), links between actions and recommendations made or removed from either side, a
        # recommendation deleted with its links, and a migration (which may rewrite intervals with its own models).
        uid = "improvement.tokens."
        post_save.connect(_new_plan, sender="improvement.Plan", dispatch_uid=uid + "plan")
        post_delete.connect(_deleted_action, sender="improvement.Action", dispatch_uid=uid + "action")
        m2m_changed.connect(_links_changed, sender=Action.recommendations.through, dispatch_uid=uid + "links")
        pre_delete.connect(_deleted_recommendation, sender="inspections.Recommendation", dispatch_uid=uid + "rec")
        post_migrate.connect(_migrated, sender=self, dispatch_uid=uid + "migrate")


def _renew_plans_of(actions) -> None:
    """Renew the tokens of the plans these actions are in, read after `lock_membership` (a move in progress is
    waited for, so the plan renewed is the one the action is in when this transaction commits)."""
    from improvement.models import Action
    from improvement.plans import intervals

    ids = list(actions.order_by().values_list("pk", flat=True))
    intervals.lock_membership(ids)
    plans = Action.objects.filter(pk__in=ids).order_by().values_list("priority__plan_id", flat=True).distinct()
    intervals.renew_tokens(plans)


def _new_plan(sender, instance, created, raw=False, **kwargs):
    from improvement.plans import intervals

    if created and not raw:  # a fixture load (restore) brings its own tokens
        intervals.renew_tokens([instance.pk])


def _deleted_action(sender, instance, **kwargs):
    from improvement.models import PlanColoursToken
    from improvement.plans import intervals

    # Only a token that exists (an UPDATE, one query): when the plan itself is being deleted, a new token row would
    # outlive it.
    PlanColoursToken.objects.filter(plan__priorities=instance.priority_id).update(token=intervals.new_token())


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    from improvement.models import Action

    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:  # the action's own recommendations
        _renew_plans_of(Action.objects.filter(pk=instance.pk))
    elif action == "pre_clear":  # a recommendation's actions, before they are unlinked
        _renew_plans_of(Action.objects.filter(recommendations=instance))
    else:
        _renew_plans_of(Action.objects.filter(pk__in=pk_set or ()))


def _deleted_recommendation(sender, instance, **kwargs):
    from improvement.models import Action

    _renew_plans_of(Action.objects.filter(recommendations=instance))


def _migrated(sender, using="default", **kwargs):
    from django.db import connections

    from improvement.models import Plan, PlanColoursToken
    from improvement.plans import intervals

    tables = set(connections[using].introspection.table_names())
    if {Plan._meta.db_table, PlanColoursToken._meta.db_table} <= tables:
        intervals.renew_tokens(Plan.objects.using(using).values_list("pk", flat=True), using=using)
