"""The harness's own logic: statistics and ratios of the report, the round order, the check
the smoke test relies on. Run by ctest (bench_harness_test)."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))

import report  # noqa: E402
import suite  # noqa: E402
from numbers_format import number  # noqa: E402
from scenarios import SCENARIOS  # noqa: E402


def figure(peer, value, case="20 B", rnd=1, metric="cpu_per_message"):
    return {"scenario": "client_recv", "peer": peer, "case": case, "size": 20, "round": rnd,
            "metric": metric, "value": value, "unit": "µs/message"}


class Report(unittest.TestCase):
    def test_median_min_max_per_case_and_peer(self):
        figures = [figure("wsclient", v, rnd=i) for i, v in enumerate([3.0, 1.0, 2.0])]
        figures.append(figure("wsclient", 99.0, metric="messages_per_second"))
        stats = report.summarise(figures, "client_recv", "cpu_per_message")
        self.assertEqual(stats, {("20 B", "wsclient"): (2.0, 1.0, 3.0, 3)})
        self.assertEqual(report.cell(stats[("20 B", "wsclient")]), "2 [1–3]")

    def test_ratio_of_medians_and_missing_peers(self):
        stats = {("20 B", "wsclient"): (1.5, 1, 2, 3), ("20 B", "node-ws"): (0.5, 0, 1, 3)}
        self.assertEqual(report.ratio(stats, "20 B", suite.Ratio("wsclient", "node-ws")), "3.00")
        self.assertEqual(report.ratio(stats, "20 B", suite.Ratio("wsclient", "beast-sync")), "—")

    def test_numbers_have_no_exponent(self):
        self.assertEqual(number(1430.2), "1,430")
        self.assertEqual(number(0.0661), "0.0661")
        self.assertEqual(number(14.31), "14.3")


class Rounds(unittest.TestCase):
    def test_each_round_starts_with_the_next_peer(self):
        self.assertEqual(suite.rotated([1, 2, 3], 0), [1, 2, 3])
        self.assertEqual(suite.rotated([1, 2, 3], 4), [2, 3, 1])

    def test_missing_lists_every_peer_without_a_figure(self):
        recv = [s for s in SCENARIOS if s.name == "client_recv"]
        cases = recv[0].cases(quick=True)
        figures = [figure(p.name, 1.0, case=c.label) for c in cases for p in recv[0].peers]
        self.assertEqual(suite.missing(recv, figures, quick=True), [])
        gaps = suite.missing(recv, figures[1:], quick=True)
        self.assertEqual(gaps, [("client_recv", cases[0].label, recv[0].peers[0].name)])


if __name__ == "__main__":
    unittest.main()
