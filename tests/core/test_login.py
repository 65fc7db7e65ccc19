from __future__ import annotations

from django.urls import reverse

from digipuff.core.choices import Role


def test_sign_in_and_out(client, org, users):
    response = client.post(reverse("login"), {"username": "sn_writer", "password": "secret-password-123"})
    assert response.status_code == 302
    assert client.get(reverse("core:start")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("core:start")).status_code == 302


def test_failed_sign_ins_are_throttled(client, org, users):
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "sn_writer", "password": "wrong"})
    assert response.status_code == 429
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
    # Even the right password is refused while locked out.
    locked = client.post(reverse("login"), {"username": "sn_writer", "password": "secret-password-123"})
    assert locked.status_code == 429
    # Another user is not affected.
    other = client.post(reverse("login"), {"username": "sn_reader", "password": "secret-password-123"})
    assert other.status_code == 302


def test_a_wrong_password_says_so_in_swedish(client, org, users):
    response = client.post(reverse("login"), {"username": "sn_writer", "password": "wrong"})
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()


def test_start_page_without_roles(client, org, users):
    client.force_login(users["nobody"])
    assert "Du har ännu ingen roll" in client.get(reverse("core:start")).content.decode()
    assert users[Role.WRITER]  # the fixture made the others


def _fail_five_times(client, *, remote_addr: str, forwarded_for: str | None = None) -> None:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    for _ in range(5):
        response = client.post(
            reverse("login"), {"username": "sn_writer", "password": "wrong"}, REMOTE_ADDR=remote_addr, **headers
        )
    assert response.status_code == 429


def test_behind_a_proxy_an_attacker_cannot_lock_out_another_client(client, org, users, settings):
    """Behind one load balancer every request comes from its address; the client is the entry it added."""
    settings.DIGIPUFF_TRUSTED_PROXY_COUNT = 1
    balancer = "10.0.0.5"
    _fail_five_times(client, remote_addr=balancer, forwarded_for="203.0.113.66")
    # The real user, from another address through the same balancer, signs in.
    response = client.post(
        reverse("login"),
        {"username": "sn_writer", "password": "secret-password-123"},
        REMOTE_ADDR=balancer,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 302
    # The attacker stays locked out, even when it claims another address to the left of the one the balancer added.
    client.post(reverse("logout"))
    again = client.post(
        reverse("login"),
        {"username": "sn_writer", "password": "secret-password-123"},
        REMOTE_ADDR=balancer,
        HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.66",
    )
    assert again.status_code == 429


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, org, users, settings):
    """A client that sends X-Forwarded-For itself cannot escape its lockout by claiming another address."""
    assert settings.DIGIPUFF_TRUSTED_PROXY_COUNT == 0
    _fail_five_times(client, remote_addr="203.0.113.66", forwarded_for="198.51.100.1")
    spoofed = client.post(
        reverse("login"),
        {"username": "sn_writer", "password": "secret-password-123"},
        REMOTE_ADDR="203.0.113.66",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert spoofed.status_code == 429
    # Another client (another connection address) is not affected.
    other = client.post(
        reverse("login"), {"username": "sn_writer", "password": "secret-password-123"}, REMOTE_ADDR="198.51.100.7"
    )
    assert other.status_code == 302


def test_the_header_is_believed_only_from_the_trusted_proxies(client, org, users, settings):
    settings.DIGIPUFF_TRUSTED_PROXY_COUNT = 1
    settings.DIGIPUFF_TRUSTED_PROXIES = ["10.0.0.0/24"]
    # Straight to the app server, bypassing the balancer: the header is the client's own and is ignored.
    _fail_five_times(client, remote_addr="203.0.113.66", forwarded_for="198.51.100.1")
    spoofed = client.post(
        reverse("login"),
        {"username": "sn_writer", "password": "secret-password-123"},
        REMOTE_ADDR="203.0.113.66",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert spoofed.status_code == 429
    through_balancer = client.post(
        reverse("login"),
        {"username": "sn_writer", "password": "secret-password-123"},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert through_balancer.status_code == 302


def test_the_audit_history_records_the_client_address_behind_the_proxy(client, org, users, settings):
    from auditlog.models import LogEntry

    settings.DIGIPUFF_TRUSTED_PROXY_COUNT = 1
    client.force_login(users["council_admin"])
    before = LogEntry.objects.count()
    response = client.post(
        reverse("organisation:role_add", args=[org.sn.code]),
        {"username": "nobody", "role": Role.READER},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7",
    )
    assert response.status_code in {200, 302}
    entries = LogEntry.objects.order_by("pk")[before:]
    assert entries
    assert {entry.remote_addr for entry in entries} == {"198.51.100.7"}


def test_a_request_that_writes_leaves_no_audit_receiver_behind(client, org, users):
    from auditlog.models import LogEntry
    from django.db.models.signals import pre_save

    client.force_login(users["council_admin"])
    client.post(reverse("organisation:role_add", args=[org.sn.code]), {"username": "nobody", "role": Role.READER})
    before = len(pre_save._live_receivers(LogEntry)[0])
    client.post(reverse("organisation:role_add", args=[org.sn.code]), {"username": "nobody", "role": Role.WRITER})
    assert len(pre_save._live_receivers(LogEntry)[0]) == before
