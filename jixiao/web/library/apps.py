from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class LibraryConfig(AppConfig):
    name = "jixiao.web.library"
    label = "library"
    verbose_name = "指标库"

    def ready(self) -> None:
        """A plan, unit or correction saved or deleted here makes the kept library look again at once
        (``build.changed_here``)."""
        from jixiao.web.accounts.models import Organisation
        from jixiao.web.library.build import changed_here
        from jixiao.web.library.models import Correction
        from jixiao.web.plans.models import Plan

        for model in (Plan, Organisation, Correction):
            post_save.connect(changed_here, sender=model, dispatch_uid=f"library-{model.__name__}-saved")
            post_delete.connect(changed_here, sender=model, dispatch_uid=f"library-{model.__name__}-deleted")
