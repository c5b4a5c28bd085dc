from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from regulator.core.demo import demo_modules


class Command(BaseCommand):
    help = "Print the demo sign-ins that the areas' demo data created."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = [
            row
            for module in demo_modules()
            if hasattr(module, "sign_ins")
            for row in module.sign_ins()
        ]
        if not rows:
            self.stdout.write("No demo sign-ins yet.")
            return
        width = max(len(who) for who, _, _ in rows)
        self.stdout.write("Demo sign-ins (development only):")
        for who, username, password in rows:
            self.stdout.write(f"  {who.ljust(width)}  {username}  /  {password}")
