"""Import jobs that outlive their broker or their worker (issue 7, item 16).

- An upload commits its job (PENDING) whether or not the broker answers: the enqueue after
  commit is logged and skipped on failure (`import_job_enqueue`), and the beat job
  `disclosure.recover_imports` enqueues every job still pending after
  IMPORT_RESUME_PENDING_MINUTES.
- A job whose worker died stays RUNNING. On PostgreSQL the running worker holds a session
  advisory lock on the job (the lease, `import_job_lease`): PostgreSQL drops it with the
  worker's connection, so a RUNNING job whose lease can be taken has no live worker. The
  import writes everything in one transaction (`imports.save_all`), so such a job committed
  nothing and is run again: by the redelivered task (acks late, rejected on worker loss) or by
  the beat job. A job older than IMPORT_GIVE_UP_MINUTES is failed with a reason instead, so a
  file that kills its worker every time does not loop for ever.
- Where the database has no such locks (SQLite, the embedded single-host mode) a job running
  longer than IMPORT_STUCK_MINUTES is presumed dead and failed with a reason.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.models import ImportJob

logger = logging.getLogger(__name__)

# First key of the two-key advisory lock: the namespace of import-job leases.
LEASE_NAMESPACE = 7016


def import_job_enqueue(*, job_id: int) -> bool:
    """Hand the job to the broker; never raises. The committed PENDING job is the record."""
    from disclosure.tasks import run_import

    try:
        run_import.delay(job_id)
    except Exception as exc:  # noqa: BLE001 - whatever the broker's client raises, the upload stands
        logger.warning(
            "import job %s not enqueued (%s: %s); disclosure.recover_imports retries", job_id, type(exc).__name__, exc
        )
        return False
    return True


@contextmanager
def import_job_lease(job_id: int) -> Iterator[bool | None]:
    """Hold the job's lease for the block: True if held here, False if a live worker holds it,
    None where the database cannot tell (not PostgreSQL)."""
    if connection.vendor != "postgresql":
        yield None
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LEASE_NAMESPACE, job_id])
        held = bool(cursor.fetchone()[0])
    try:
        yield held
    finally:
        if held:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LEASE_NAMESPACE, job_id])
            except DatabaseError:
                logger.warning("lease of import job %s not released: its connection went, and the lock with it", job_id)


def _fail(job_id: int, reason: str) -> bool:
    fields: dict[str, object] = {
        "state": ImportJob.State.FAILED,
        "errors": [{"row": 1, "column": "", "message": reason}],
    }
    # The one-line reason of item 9, where that field exists.
    if any(f.name == "failure_reason" for f in ImportJob._meta.get_fields()):
        fields["failure_reason"] = reason
    return bool(ImportJob.objects.filter(pk=job_id, state=ImportJob.State.RUNNING).update(**fields))


def _release_orphan(job_id: int, *, now: dt.datetime) -> str:
    """With the lease held: a RUNNING job has no live worker. Run it again, or fail it if too old."""
    job = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.RUNNING).only("created_at").first()
    if job is None:
        return "none"
    if job.created_at < now - dt.timedelta(minutes=settings.IMPORT_GIVE_UP_MINUTES):
        logger.error("import job %s: its worker stopped and it is too old to run again; failed", job_id)
        _fail(job_id, _("The import stopped because the system was interrupted. Please upload the file again."))
        return "failed"
    logger.warning("import job %s: its worker stopped before the import committed; running it again", job_id)
    ImportJob.objects.filter(pk=job_id, state=ImportJob.State.RUNNING).update(
        state=ImportJob.State.PENDING, rows_done=0
    )
    return "resumed"


def import_job_run_leased(*, job_id: int) -> str:
    """The task's body: run the job under its lease, taking it over from a dead worker."""
    from disclosure.services.imports import import_job_run

    with import_job_lease(job_id) as lease:
        if lease is False:
            return "skipped"  # a live worker is on it (a redelivery after the visibility timeout)
        if lease is True:
            _release_orphan(job_id, now=timezone.now())
        return import_job_run(job_id=job_id)


def imports_recover(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Beat: enqueue jobs left pending, resume or fail jobs whose worker died."""
    now = now or timezone.now()
    counts = {"enqueued": 0, "resumed": 0, "failed": 0}
    resumed: list[int] = []
    for job_id in ImportJob.objects.filter(
        state=ImportJob.State.RUNNING,
    ).values_list("pk", flat=True):
        with import_job_lease(job_id) as lease:
            if lease is True:
                outcome = _release_orphan(job_id, now=now)
            elif (
                lease is None
                and ImportJob.objects.filter(
                    pk=job_id, created_at__lt=now - dt.timedelta(minutes=settings.IMPORT_STUCK_MINUTES)
                ).exists()
            ):
                logger.error("import job %s has been checking for too long; presumed stopped and failed", job_id)
                failed = _fail(
                    job_id, _("The import stopped because the system was interrupted. Please upload the file again.")
                )
                outcome = "failed" if failed else "none"
            else:
                outcome = "none"  # a live worker holds it, or it is not old enough to presume dead
        if outcome == "resumed":
            counts["resumed"] += 1
            resumed.append(job_id)
            import_job_enqueue(job_id=job_id)
        elif outcome == "failed":
            counts["failed"] += 1
    waiting = (
        ImportJob.objects.filter(
            state=ImportJob.State.PENDING,
            created_at__lt=now - dt.timedelta(minutes=settings.IMPORT_RESUME_PENDING_MINUTES),
        )
        .exclude(pk__in=resumed)
        .values_list("pk", flat=True)
    )
    for job_id in waiting:
        if not import_job_enqueue(job_id=job_id):
            break  # the broker is down again: the next run tries
        counts["enqueued"] += 1
    return counts
