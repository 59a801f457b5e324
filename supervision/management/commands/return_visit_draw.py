"""`python manage.py return_visit_draw --year 2025 [--seed N]`: the annual return-visit draw.

The same service as the bureau's page and the yearly job; here it prints its progress and a
summary. Everything is written in one transaction: interrupted, it leaves nothing behind.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from supervision import errors, services


class Command(BaseCommand):
    help = "Draw the return visits of a year: 10 completed matters per notary (all if fewer)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="the year to draw, e.g. 2025")
        parser.add_argument(
            "--seed",
            type=int,
            default=None,
            help="the random seed (default: a new one from the secrets module); give an earlier "
            "draw's seed only to reproduce it",
        )

    def handle(self, *args, year: int, seed: int | None, **options) -> None:
        verbosity = options.get("verbosity", 1)
        self.stdout.write(f"Drawing the return visits of {year}…")

        def progress(done: int, total: int) -> None:
            # About twenty lines for 400 notaries: enough to see it move, not a wall of text.
            if verbosity and (done == total or done % max(total // 20, 1) == 0):
                self.stdout.write(f"  {done}/{total} notaries")

        try:
            draw = services.return_visit_draw_run(year=year, seed=seed, progress=progress)
        except errors.SupervisionError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Drawn {draw.year}: {draw.selected_count} of {draw.candidate_count} completed "
                f"matters, {draw.notary_count} notaries, seed {draw.seed}."
            )
        )
        self.stdout.write(f"  candidates SHA-256: {draw.candidates_digest}")
        if draw.short_notary_count:
            self.stdout.write(
                f"  {draw.short_notary_count} notaries had fewer than {draw.per_notary} completed "
                "matters: all of theirs were drawn."
            )
