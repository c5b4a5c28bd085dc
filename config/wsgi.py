import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
application = get_wsgi_application()

# Every view loaded now, then what start-up made set aside from the cyclic collector
# (``gc.freeze``): it lives as long as the process, and a full collection otherwise walks
# all of it again, a pause of 40 to 90 ms about one request in a hundred
# (docs/performance.md, "Searches never asked before").
_ = get_resolver().url_patterns
gc.collect()
gc.freeze()
