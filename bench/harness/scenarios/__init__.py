"""Every scenario the suite runs, in report order. Adding one: a module here defining
SCENARIO (a suite.Scenario), listed below."""

from scenarios import client_recv, client_send, server_echo
from scenarios.pending import PENDING

SCENARIOS = [client_recv.SCENARIO, client_send.SCENARIO, server_echo.SCENARIO]

__all__ = ["SCENARIOS", "PENDING"]
