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
