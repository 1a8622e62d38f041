"""Flask CLI commands for operators: demo data and user creation."""
from __future__ import annotations

import click
from flask import Flask


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already holds data.")
def seed_demo_command(if_empty: bool) -> None:
    """Load the invented 槐荫区 demo district (idempotent)."""
    from app.services.demo.seed import seed_demo

    summary = seed_demo(if_empty=if_empty)
    click.echo(summary)


@click.command("create-user")
@click.option("--username", required=True)
@click.option("--display-name", required=True)
@click.option("--role", type=click.Choice(["mediator", "supervisor", "admin"]), required=True)
@click.option("--area-code", required=True, help="Code of the user's home area.")
@click.option("--phone", default=None)
@click.password_option()
def create_user_command(username: str, display_name: str, role: str, area_code: str,
                        phone: str | None, password: str) -> None:
    """Add a real user (IT)."""
    from app.services.access.users import create_user

    user = create_user(username=username, display_name=display_name, role=role,
                       area_code=area_code, phone=phone, password=password)
    click.echo(f"created user {user.username} (id {user.id}, role {user.role})")


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_user_command)
