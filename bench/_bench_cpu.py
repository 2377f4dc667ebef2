"""``X-Bench-Cpu-Us``: the CPU microseconds one request cost its (sync) worker process."""

from __future__ import annotations

import time


class CpuHeaderMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.process_time_ns()
        response = self.get_response(request)
        response["X-Bench-Cpu-Us"] = str((time.process_time_ns() - started) // 1000)
        return response
