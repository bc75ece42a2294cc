"""Run statuses, written once: which are terminal, which hold a thread, and how each end is stamped."""

from __future__ import annotations

QUEUED, IN_PROGRESS, REQUIRES_ACTION, CANCELLING = "queued", "in_progress", "requires_action", "cancelling"
COMPLETED, FAILED, CANCELLED, EXPIRED, INCOMPLETE = "completed", "failed", "cancelled", "expired", "incomplete"

TERMINAL = (COMPLETED, FAILED, CANCELLED, EXPIRED, INCOMPLETE)
ACTIVE = (QUEUED, IN_PROGRESS, REQUIRES_ACTION, CANCELLING)  # a thread with such a run takes no new run or message
MOVING = (QUEUED, IN_PROGRESS, CANCELLING)  # a driver is (or after a restart, was) working on it
EXPIRABLE = (QUEUED, IN_PROGRESS, REQUIRES_ACTION)  # time alone can end these
ENDED_BY = {FAILED: "run_failed", CANCELLED: "run_cancelled", EXPIRED: "run_expired"}  # and why open messages stop
STAMPS = {COMPLETED: "completed_at", INCOMPLETE: "completed_at", FAILED: "failed_at", CANCELLED: "cancelled_at", EXPIRED: None}
STEP_STAMPS = {CANCELLED: "cancelled_at", EXPIRED: "expired_at", FAILED: "failed_at"}
STEP_ERROR_CODES = ("server_error", "rate_limit_exceeded")
RUN_STOPS = {f"thread.run.{status}" for status in TERMINAL + (REQUIRES_ACTION,)}  # where a stream ends

