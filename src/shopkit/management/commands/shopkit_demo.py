"""``manage.py shopkit_demo``: load the demo fresh-food shop (safe to run again)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from shopkit.demo.loader import load_demo

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Load a demo fresh-food shop: categories, SKUs with pictures, banners, users."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--admin-password", default="shopkit-admin", help="for a new admin user"
        )
        parser.add_argument(
            "--customer-password", default="shopkit-demo", help="for a new customer"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        logins = load_demo(
            self.show_progress, options["admin_password"], options["customer_password"]
        )
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo shop ready."))
        for login in logins:
            if login.created:
                self.stdout.write(f"  {login.role:8} {login.username} / {login.password}")
            else:
                self.stdout.write(
                    f"  {login.role:8} {login.username} (existed; password unchanged)"
                )

    def show_progress(self, done: int, total: int, what: str) -> None:
        filled = BAR_WIDTH * done // total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        end = "\r" if sys.stdout.isatty() and done < total else "\n"
        self.stdout.write(f"[{bar}] {done}/{total} {what}", ending=end)
