from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [path("<slug:slug>/<int:year>/", views.annual, name="annual")]
