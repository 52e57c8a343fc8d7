from django.urls import URLPattern

app_name = "casenotes"
urlpatterns: list[URLPattern] = []
