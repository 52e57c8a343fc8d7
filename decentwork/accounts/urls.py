from django.contrib.auth import views as auth_views
from django.urls import path

from decentwork.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("second-factor/", views.second_factor_step, name="second_factor"),
    path("second-factor/setup/", views.second_factor_setup, name="second_factor_setup"),
    path("second-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("second-factor/recovery-codes/download/", views.recovery_codes_download,
         name="recovery_codes_download"),
    path("security/", views.security, name="security"),
    path("security/recovery-codes/", views.regenerate_recovery_codes,
         name="regenerate_recovery_codes"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/",
         auth_views.PasswordResetDoneView.as_view(
             template_name="accounts/password_reset_done.html"),
         name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("password/reset/done/",
         auth_views.PasswordResetCompleteView.as_view(
             template_name="accounts/password_reset_complete.html"),
         name="password_reset_complete"),
]
