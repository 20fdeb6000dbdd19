"""A build's documents written by several processes, one Whoosh segment each.

Whoosh is pure Python: analysing the text and sorting the postings of one writer keep
one core busy however many the machine has. Whoosh's own MpWriter hands batches to
whichever sub-writer is free and lists their segments in the order they finish, so
the same collection would get different document numbers, and different orders of
equal-scoring hits, from one build to the next. Here batch i goes to process
i % procs and the segments are listed in process order: the same documents always
give the same index.

A build smaller than one batch is written by the calling process alone (one segment,
no process started): small collections and the tests' indexes are as before.

This reaches into Whoosh's SegmentWriter for what MpWriter does (finish a segment in
a sub-process, write the table of contents from the parent): setup.cfg pins
whoosh-reloaded to the version it was written against.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
from multiprocessing.connection import Connection

from whoosh.index import Index

from .writing import SegmentWriter

# Documents dealt to a writer process at a time: large enough that the pickling and the
# queue cost little per document, small enough that every process gets work early.
BATCH_DOCS = 256
# Batches waiting for each writer process: what the build holds in memory beyond the
# writers' own sorting pools.
QUEUED_BATCHES = 4
# How often a build waiting to hand a batch over checks that its writer is alive, seconds.
QUEUE_POLL_S = 1.0
# Writer processes at most (each sorts its postings in limitmb of memory).
MAX_PROCS = 4


def default_procs() -> int:
    return max(1, min(MAX_PROCS, os.cpu_count() or 1))


class ParallelWriter:
    """add_document() and commit() or cancel(), as a Whoosh writer for a new index."""

    def __init__(self, ix: Index, procs: int, limitmb: int) -> None:
        self._ix = ix
        self._procs = max(1, procs)
        self._limitmb = limitmb
        # Holds the index's lock, and writes the table of contents at commit.
        self._writer = SegmentWriter(ix, limitmb=limitmb)
        self._batch: list[dict] = []
        self._dealt = 0
        self._tasks: list[tuple[multiprocessing.process.BaseProcess, multiprocessing.Queue, Connection]] = []

    def add_document(self, **document) -> None:
        self._batch.append(document)
        if len(self._batch) >= BATCH_DOCS:
            self._deal()

    def _deal(self) -> None:
        i = self._dealt % self._procs
        if i == len(self._tasks):
            self._start_task()
        self._put(i, self._batch)
        self._batch = []
        self._dealt += 1

    def _put(self, i: int, job: list[dict] | None) -> None:
        task, jobs, _receive = self._tasks[i]
        while True:  # a writer that died takes no more: say so rather than wait forever
            try:
                jobs.put(job, timeout=QUEUE_POLL_S)
                return
            except queue.Full:
                if not task.is_alive():
                    self.cancel()
                    raise _died(task) from None

    def _start_task(self) -> None:
        ctx = multiprocessing.get_context("fork")
        jobs = ctx.Queue(QUEUED_BATCHES)
        receive, send = ctx.Pipe(duplex=False)
        task = ctx.Process(target=_write_segment, args=(self._ix, jobs, send, self._limitmb), daemon=True)
        task.start()
        send.close()
        self._tasks.append((task, jobs, receive))

    def commit(self) -> None:
        if not self._tasks:
            # Less than one batch: written here, as by a plain writer.
            for document in self._batch:
                self._writer.add_document(**document)
            self._writer.commit()
            return
        if self._batch:
            self._deal()
        for i in range(len(self._tasks)):
            self._put(i, None)  # no more batches
        segments = []
        try:
            for task, _jobs, receive in self._tasks:
                try:
                    segment = receive.recv()
                except EOFError:
                    task.join()
                    raise _died(task) from None
                if isinstance(segment, BaseException):
                    raise segment
                if segment is not None:
                    segments.append(segment)
                task.join()
        except BaseException:
            self.cancel()
            raise
        # The parent's own segment got no documents: closed, and its files cleared
        # when the table of contents is written (as MpWriter does).
        self._writer._close_segment()
        self._writer._commit_toc(self._writer.segments + segments)
        self._writer._finish()

    def cancel(self) -> None:
        for task, _jobs, _receive in self._tasks:
            if task.is_alive():
                task.terminate()
            task.join()
        self._tasks = []
        if not self._writer.is_closed:
            self._writer.cancel()


def _died(task: multiprocessing.process.BaseProcess) -> RuntimeError:
    return RuntimeError(f"an index writer process died (exit code {task.exitcode})")


def _write_segment(ix: Index, jobs: multiprocessing.Queue, results: Connection, limitmb: int) -> None:
    """A writer process: its batches into one new segment, sent back to the parent
    (None if it got no document; the exception if writing failed)."""
    try:
        writer = SegmentWriter(ix, _lk=False, limitmb=limitmb)
        while (batch := jobs.get()) is not None:
            for document in batch:
                writer.add_document(**document)
        if writer.docnum:
            segment = writer._finalize_segment()
        else:
            writer._close_segment()
            segment = None
        # Not its temporary storage: the parent's, of the same name, which it clears.
        results.send(segment)
    except BaseException as err:  # noqa: BLE001 - reported to the parent, which raises it
        results.send(err)
    finally:
        results.close()
