"""Deterministic benchmark drafts: Preliminary-Analysis-style Markdown of about 1,000 words.

    python bench/corpus.py OUT [N]     # OUT/single/report.md and OUT/corpus/report-001.md ...

Every draft is a variant of one template: services, regions, times, numbers, names and the
order of some lists change, and every paragraph carries at least one varying value, so a
draft's paragraphs are new to prelimlint's per-paragraph caches (as real drafts are). Each
draft holds a few problems for the linters to find: hedged causes, an internal hostname, a
staff name, a ticket id, a promise, and some wordy prose for the style peers.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

TEMPLATE = """\
---
title: "Preliminary Analysis: {service} errors in {region}"
severity: SEV-{sev}
detected: {date}T{detect}:00Z
resolved: {date}T{end}:00Z
---

# Preliminary Analysis: {service} errors in {region}

**Internal only.** Talking points for Support, Customer Success and Account Management
until the postmortem is published. Do not forward this document to customers.

## Impact

Between {start} UTC and {end} UTC on {day}, customers of the {service} in the {region}
region saw failed and slow requests. About {pct} percent of API calls returned HTTP 503
errors during the worst {worst} minutes, and the web dashboard showed a generic error page
for customers who tried to open their {thing} list. Requests served from other regions
were not affected, and no data stored before {start} UTC was at risk.

Affected business services:

{services_list}

Mobile apps, single sign-on, the public status page and billing kept working normally for
the whole window, according to the {checks} synthetic checks that run every minute.

## Detection and resolution

| Time (UTC) | What happened |
| --- | --- |
| {start} | Error rates for write requests start to climb in {region}. |
| {detect} | Synthetic checks fail {fails} times in a row and page the on-call engineer. |
| {ack} | The on-call engineer acknowledges the page and opens an incident bridge. |
| {status} | The first public status page update is posted. |
| {mitigate} | Responders begin rolling back the most recent configuration change. |
| {end} | Error rates return to baseline; the incident is resolved after {watch} minutes of monitoring. |

Detection took about {ttd} minutes and resolution about {ttr} minutes from the first failed
request. The status page was updated {updates} times while the incident was open.

## What customers can do

Customers who saw HTTP 503 errors between {start} and {end} UTC should retry the failed
write requests; every write endpoint is safe to retry with the same idempotency key, and
our official SDKs already retried about {retried} percent of them automatically.

- Check application logs for HTTP 503 responses in the incident window and replay them.
- Confirm that webhook consumers processed the {webhooks} replayed events; duplicates carry
  the same event identifier and can be ignored.
- Re-run any scheduled export that finished after {end} UTC if its result looks incomplete.
- Contact Support with request identifiers if anything still looks wrong after {retry_hours} hours.

No credentials need to be rotated and no configuration change is needed on the customer
side. Customers on the {plan} plan can ask their account manager for a summary call.

Support agents who take a call about this incident should confirm the customer's region
and the time of the failed requests first. Requests made outside {start} to {end} UTC, or
to a region other than {region}, are unlikely to be related, and the usual troubleshooting
steps apply. For customers who rely on webhooks, ask whether their endpoint returned an
error during the replay, because a consumer that rejects duplicates may have dropped up to
{webhooks} events on purpose. If a customer reports a missing export, check the export
history in the dashboard before opening a case; most late exports finished within
{retry_hours} hours. Please log every related contact with the tag for this incident so the
postmortem can count them, and mention the {plan} plan when the customer is on it, since
those accounts have a named contact who should be kept informed.

## Resolution

{actions_list}

## What happened

Earlier that day a routine configuration change lowered the number of database
connections each API worker may open, ahead of maintenance planned for week {week}. When
traffic in {region} reached its daily peak of about {peak} requests per second, workers
waited for free connections and queues grew until the load balancer began to answer with
errors. We believe the change was the main trigger, although it is possible that a slow
query shipped in release {release} made the problem worse.

The primary database host, db-primary-{host}.internal.example.net, had spare capacity the
whole time, as {staff} from the database team confirmed on the bridge (tracked in
INC-{incident}). In order to basically make sure that this is a very unique situation, the
team is utilizing extra dashboards at this point in time.

## Monitoring

The team is watching error rates, latency and connection-pool usage in all {regions}
regions. A temporary alert now fires when more than {alert} percent of workers wait for a
database connection for longer than {wait} seconds, and the on-call rotation reviews it at
every handover for the next {days} days.

Follow-up items already scheduled:

{followups_list}

## Next steps

A full postmortem with a complete timeline and corrective actions will be shared within
{bizdays} business days. Until then, please use only the talking points above; the cause is
still under investigation, and this will not happen again once the follow-ups of week
{week} are finished.

## Talking points

- The incident affected write-heavy API traffic and the dashboard in {region} only, for
  about {ttr} minutes on {day}.
- No customer data was exposed or lost, and {pct} percent is the share of failed calls at
  the worst moment, not over the whole window.
- The service has been stable since {end} UTC, and monitoring continues for {days} days.
- Customers with open questions can reach Support, who will follow up within {sla} hours.
"""

SERVICES = [
    "Orders API",
    "Accounts API",
    "Projects service",
    "Inventory API",
    "Billing events API",
    "Search indexing API",
    "Notifications API",
    "Payouts API",
]
REGIONS = ["us-east", "eu-west", "ap-southeast", "us-west", "eu-central", "sa-east"]
DAYS = [
    "Monday 3 March",
    "Tuesday 11 March",
    "Wednesday 19 March",
    "Thursday 27 March",
    "Friday 4 April",
    "Saturday 12 April",
    "Sunday 20 April",
]
THINGS = ["project", "order", "invoice", "shipment", "workspace", "report"]
PLANS = ["Enterprise", "Business", "Premium", "Scale"]
STAFF = ["Jane Miller", "Ravi Patel", "Chen Wei", "Olga Ivanova", "Tom Baker", "Ana Souza"]
FEATURES = [
    "public REST API (every endpoint that writes to the primary database)",
    "web dashboard pages that list or edit {thing}s",
    "webhook delivery, delayed by up to {delay} minutes but never lost",
    "scheduled exports, which started up to {delay} minutes late",
    "bulk import jobs submitted during the window",
]
ACTIONS = [
    "The on-call engineer paused further deployments to {region} at {ack} UTC.",
    "The configuration change was rolled back to the previous connection limit.",
    "API workers in {region} were restarted in {batches} batches to clear waiting requests.",
    "Delayed webhooks were replayed from the retry queue and their delivery was checked.",
    "Scheduled exports that started late were checked by hand and completed.",
]
FOLLOWUPS = [
    "Size connection limits per region from observed peak traffic.",
    "Add a canary stage so configuration changes reach one region first.",
    "Review release {release} for slow queries and add query-time budgets.",
    "Name affected features more precisely in the first status page update.",
    "Rehearse the rollback runbook with the {region} on-call rotation.",
]


def hhmm(minutes: int) -> str:
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def render(number: int) -> str:
    """Draft ``number`` (the same number always gives the same text)."""
    rnd = random.Random(7919 * number + 17)
    start = rnd.randrange(6 * 60, 19 * 60)
    ttd, ttr = rnd.randrange(3, 12), rnd.randrange(35, 110)
    values = {
        "service": rnd.choice(SERVICES),
        "region": rnd.choice(REGIONS),
        "day": rnd.choice(DAYS),
        "thing": rnd.choice(THINGS),
        "plan": rnd.choice(PLANS),
        "staff": rnd.choice(STAFF),
        "sev": rnd.choice([1, 2]),
        "date": f"2026-{rnd.randrange(1, 13):02d}-{rnd.randrange(1, 29):02d}",
        "start": hhmm(start),
        "detect": hhmm(start + ttd),
        "ack": hhmm(start + ttd + 2),
        "status": hhmm(start + ttd + 9),
        "mitigate": hhmm(start + ttr - 20),
        "end": hhmm(start + ttr),
        "ttd": ttd,
        "ttr": ttr,
        "pct": rnd.randrange(8, 40),
        "worst": rnd.randrange(10, 30),
        "checks": rnd.randrange(12, 90),
        "fails": rnd.randrange(3, 6),
        "watch": rnd.randrange(20, 45),
        "updates": rnd.randrange(3, 9),
        "retried": rnd.randrange(60, 95),
        "webhooks": f"{rnd.randrange(1000, 90000):,}",
        "retry_hours": rnd.randrange(2, 24),
        "week": rnd.randrange(1, 52),
        "peak": f"{rnd.randrange(2000, 40000):,}",
        "release": f"{rnd.randrange(3, 9)}.{rnd.randrange(0, 40)}.{rnd.randrange(0, 9)}",
        "host": f"{rnd.randrange(1, 40):02d}",
        "incident": 20000 + 7 * number,
        "regions": rnd.randrange(4, 12),
        "alert": rnd.choice([5, 10, 15, 20]),
        "wait": rnd.randrange(2, 6),
        "days": rnd.randrange(7, 30),
        "bizdays": rnd.randrange(5, 11),
        "sla": rnd.choice([4, 8, 24]),
        "delay": rnd.randrange(10, 60),
        "batches": rnd.randrange(3, 9),
    }

    def bullets(items: list[str], numbered: bool = False) -> str:
        items = [item.format(**values) for item in items]
        rnd.shuffle(items)
        return "\n".join(
            f"{index}. {item}" if numbered else f"- {item}"
            for index, item in enumerate(items, start=1)
        )

    return TEMPLATE.format(
        **values,
        services_list=bullets([f"{values['service']}: " + FEATURES[0]] + FEATURES[1:]),
        actions_list=bullets(ACTIONS, numbered=True),
        followups_list=bullets(FOLLOWUPS),
    )


def long_draft(words: int, first: int = 10_000) -> str:
    """One draft of at least ``words`` words: a whole draft, then the sections of others."""
    parts, count, number = [], 0, 0
    while count < words:
        text = render(first + number)
        if number:
            text = text[text.index("\n## ") + 1 :]  # no front matter or title the second time
        parts.append(text)
        count += len(text.split())
        number += 1
    return "\n".join(parts)


def write_corpus(out: Path, count: int) -> tuple[int, int]:
    """OUT/single/report.md and OUT/corpus/report-NNN.md; returns (single words, corpus words)."""
    (out / "single").mkdir(parents=True, exist_ok=True)
    (out / "corpus").mkdir(parents=True, exist_ok=True)
    single = render(0)
    (out / "single" / "report.md").write_text(single, encoding="utf-8")
    words = 0
    for number in range(1, count + 1):
        text = render(number)
        words += len(text.split())
        (out / "corpus" / f"report-{number:03d}.md").write_text(text, encoding="utf-8")
    return len(single.split()), words


if __name__ == "__main__":
    target = Path(sys.argv[1])
    single_words, corpus_words = write_corpus(
        target, int(sys.argv[2]) if len(sys.argv) > 2 else 200
    )
    print(f"single: {single_words} words; corpus: {corpus_words:,} words")
