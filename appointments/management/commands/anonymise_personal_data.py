from django.core.management.base import BaseCommand

from appointments.retention import personal_data_anonymise, retention_cutoff


class Command(BaseCommand):
    help = (
        "Remove personal data (names, phones, addresses, uploaded scans, free-text reasons) of "
        "appointments older than PERSONAL_DATA_RETENTION_DAYS, keeping the statistics."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options):
        before = retention_cutoff()
        self.stdout.write(f"Anonymising appointments that ended before {before:%Y-%m-%d %H:%M}")
        report = personal_data_anonymise(
            before=before, batch_size=batch_size, progress=lambda m: self.stdout.write(f"  {m}")
        )
        summary = f"Done: {report.appointments} appointments anonymised, {report.files} files gone."
        self.stdout.write(self.style.SUCCESS(summary))
