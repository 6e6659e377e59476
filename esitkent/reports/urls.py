from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("<slug:slug>/", views.index, name="index"),
    path("<slug:slug>/<int:year>/", views.annual, name="annual"),
    path("<slug:slug>/<int:year>/yayimla/", views.publish, name="publish"),
    path("<slug:slug>/<int:year>/kaldir/", views.withdraw, name="withdraw"),
]
