from django.core.management.base import BaseCommand

from demo.loader import DEMO_ACCOUNTS, seed_demo


class Command(BaseCommand):
    help = (
        "Load the demo catalogue (16 districts, 25 offices, 400+ notaries, 60+ matters) and the "
        "try-out accounts. Deterministic and idempotent: running it again changes nothing."
    )

    def handle(self, *args, **options):
        def progress(message: str) -> None:
            self.stdout.write(f"  seeding {message} ...")

        self.stdout.write(
            "Loading demo data (one transaction; interrupting it leaves nothing behind)"
        )
        report = seed_demo(progress=progress)
        if report.changed_anything:
            for label, n in sorted(report.created.items()):
                self.stdout.write(f"  created {n} {label}")
            for label, n in sorted(report.updated.items()):
                self.stdout.write(f"  updated {n} {label}")
        else:
            self.stdout.write("  demo data already up to date: nothing changed")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Try-out sign-ins:"))
        for account in DEMO_ACCOUNTS:
            self.stdout.write(
                f"  {account['role']:<14} {account['email']:<26} {account['password']}"
            )
