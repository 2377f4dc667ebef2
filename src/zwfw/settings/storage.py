"""Files: uploads on local disk by default; static files served by WhiteNoise."""

from zwfw.env import BASE_DIR, ENV

MEDIA_ROOT = ENV.media_root
MEDIA_URL = "/media/"
STATIC_ROOT = ENV.static_root
STATIC_URL = "/static/"
# The shell's CSS/JS live in src/zwfw/static/ (the project package is not an app).
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves from STATIC_ROOT (after collectstatic) and, in debug and in the demo (DEBUG off,
# no collectstatic step), straight from the apps.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
_FROM_APPS = ENV.debug or ENV.demo
WHITENOISE_USE_FINDERS = _FROM_APPS

_uploads = (
    {"BACKEND": "django.core.files.storage.InMemoryStorage"}
    if ENV.storage_backend == "memory"
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)

STORAGES = {
    "default": _uploads,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if _FROM_APPS
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
