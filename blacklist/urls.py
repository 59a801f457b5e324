from django.urls import path

from . import views

app_name = "blacklist"

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("add/", views.entry_create, name="add"),
    path("<int:pk>/", views.entry_detail, name="detail"),
    path("<int:pk>/lift/", views.entry_lift, name="lift"),
]
