# sqlmap tamper script for scan.sh: each request of the sign-in probe comes from
# another client address (CF-Connecting-IP, which Kura trusts only locally), so
# the per-IP sign-in throttle (30 per 10 minutes) answers the payloads instead of 429.
# The addresses are header values from the benchmarking range 198.18.0.0/15; no
# traffic goes to them.
import random

from lib.core.enums import PRIORITY

__priority__ = PRIORITY.NORMAL


def dependencies():
    pass


def tamper(payload, **kwargs):
    headers = kwargs.get("headers", {})
    headers["CF-Connecting-IP"] = "198.18.%d.%d" % (random.randint(0, 255), random.randint(1, 254))
    return payload
