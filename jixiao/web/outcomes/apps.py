from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "jixiao.web.outcomes"
    label = "outcomes"
    verbose_name = "结果应用"
