"""Backup and restore of one committee's year (säkerhetskopia): a JSON file that holds everything the year holds, and
its import into an installation that does not hold that committee-year yet.

The format is described in `docs/backup.md`. Each app declares, in `<app>/backup.py`, a `BackupPart` per model it
contributes: which rows belong to a committee-year (`collect`), and for rows that other committee-years share (the
org tree, planning years, goal levels, users, ...) the natural key by which an installation that already holds
them finds them again. Rows are written with Django's serializer ("python" format); foreign keys become references
to other records of the same file (`"goals.goal/3"`), never database ids, so the file imports into any database.

    backup_parts.register(BackupPart(model="goals.goalassessment", collect=lambda s: ...))
    backup_parts.register(BackupPart(model="goals.goallevel", natural_key=("year", "depth")))

Export follows every foreign key of a collected row: a row it points to is written first, if it is collected too
or its model has a natural key (so users, units and occasions come along); a nullable key pointing outside the
backup (e.g. `carried_from`, last year's activity) is written as null. Import creates the rows in file order, in
one transaction: a row with a natural key that the installation holds already is used as it is, every other row is
created; any problem leaves the database as it was.

`core` imports no domain app: it reads the organisation's units by model name, as the policy does.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import Error, IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digipuff.core import audit
from digipuff.core.registry import Registry
from digipuff.core.taskruns import TaskFailed

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import Model, QuerySet

FORMAT = "digipuff-committee-year"
FORMAT_VERSION = 1


class BackupError(TaskFailed):
    """The backup cannot be written or read; `message` is one sentence for the operator (translated)."""


@dataclass(frozen=True)
class Scope:
    """The committee-year a backup holds: the committee (an organisation.OrgUnit) and the year."""

    committee: Any
    year: int


@dataclass(frozen=True)
class BackupPart:
    """What an app contributes to the backup for one model.

    `collect(scope)` gives the rows of the committee-year (None: the model comes along only where a collected row
    points to it). `natural_key` names the fields (foreign keys included) by which the row is found in an
    installation that holds it already; rows without one belong to the committee-year alone, and an installation
    that holds any of them for the committee-year is refused. `exclude` names fields never written (secrets,
    caches). `dump(obj, fields, exporter)` and `load(fields, importer)` rewrite fields that hold references in text
    (e.g. "goal:<id>"); `after_save(obj, importer)` completes a created row (e.g. a unit's path)."""

    model: str
    collect: Callable[[Scope], QuerySet[Any]] | None = None
    natural_key: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    dump: Callable[[Any, dict[str, Any], Exporter], None] | None = None
    load: Callable[[dict[str, Any], Importer], None] | None = None
    after_save: Callable[[Any, Importer], None] | None = None

    @property
    def owned(self) -> bool:
        return self.collect is not None and not self.natural_key


backup_parts: Registry[BackupPart] = Registry("backup", key=lambda part: part.model)


def _label(obj: Model) -> str:
    return obj._meta.label_lower


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _keeps_own_pk(model: type[Model]) -> bool:
    """A primary key that is data (e.g. a Kolada KPI id), not a number the database hands out."""
    return not isinstance(model._meta.pk, models.AutoField | models.BigAutoField | models.SmallAutoField)


# -- export ------------------------------------------------------------------------------------------------------------


class Exporter:
    """Writes the records of one committee-year, each after the records it points to."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.records: list[dict[str, Any]] = []
        self._refs: dict[tuple[str, Any], str] = {}
        self._pending: dict[tuple[str, Any], Model] = {}
        self._busy: set[tuple[str, Any]] = set()
        self._numbers: Counter[str] = Counter()
        self._cache: dict[tuple[str, Any], Model | None] = {}

    def run(self) -> list[dict[str, Any]]:
        for part in backup_parts:
            if part.collect is None:
                continue
            for obj in part.collect(self.scope).order_by("pk"):
                self._pending[(_label(obj), obj.pk)] = obj
        for obj in list(self._pending.values()):
            self.ref(obj)
        return self.records

    def ref(self, obj: Model) -> str | None:
        """The reference of a row in the file (written now if it was not yet); None when it is outside the backup."""
        key = (_label(obj), obj.pk)
        if key in self._refs:
            return self._refs[key]
        part = backup_parts.get(key[0])
        if part is None or (key not in self._pending and not part.natural_key):
            return None
        if key in self._busy:
            raise BackupError(_("The rows of {model} refer to each other in a circle.").format(model=key[0]))
        self._busy.add(key)
        record = self._record(obj, part)
        self._numbers[key[0]] += 1
        ref = f"{key[0]}/{self._numbers[key[0]]}"
        self._refs[key] = ref
        record["ref"] = ref
        self.records.append(record)
        self._busy.discard(key)
        # Many-to-many links last: they may point back at this row.
        m2m = {}
        for field in obj._meta.many_to_many:
            if field.name in part.exclude:
                continue
            refs = [self.ref(target) for target in getattr(obj, field.name).order_by("pk")]
            m2m[field.name] = [r for r in refs if r is not None]
        if m2m:
            record["m2m"] = m2m
        return ref

    def _target(self, model: type[Model], pk: Any) -> Model | None:
        key = (model._meta.label_lower, pk)
        if key not in self._cache:
            self._cache[key] = self._pending.get(key) or model._default_manager.filter(pk=pk).first()
        return self._cache[key]

    def _record(self, obj: Model, part: BackupPart) -> dict[str, Any]:
        [data] = serializers.serialize("python", [obj])
        fields: dict[str, Any] = data["fields"]
        model = type(obj)
        if _keeps_own_pk(model):
            fields[model._meta.pk.name] = data["pk"]
        for name in part.exclude:
            fields.pop(name, None)
        for m2m in model._meta.many_to_many:
            fields.pop(m2m.name, None)
        for field in model._meta.concrete_fields:
            if field.name not in fields:
                continue
            if field.is_relation and fields[field.name] is not None:
                assert field.related_model is not None
                target = self._target(field.related_model, fields[field.name])
                ref = self.ref(target) if target is not None else None
                if ref is None and not field.null:
                    raise BackupError(
                        _("{obj} ({model}) refers to {target}, which the backup cannot hold.").format(
                            obj=obj, model=_label(obj), target=target
                        )
                    )
                fields[field.name] = ref
            elif isinstance(field, models.FileField):
                fields[field.name] = self._file(fields[field.name])
        if part.dump is not None:
            part.dump(obj, fields, self)
        record: dict[str, Any] = {"model": _label(obj)}
        if part.natural_key:
            record["natural_key"] = {name: fields.get(name) for name in part.natural_key}
        record["fields"] = fields
        return record

    @staticmethod
    def _file(name: str | None) -> dict[str, Any] | None:
        if not name:
            return None
        try:
            with default_storage.open(name, "rb") as handle:
                data = handle.read()
        except OSError:
            raise BackupError(_("The stored file {name} cannot be read.").format(name=name)) from None
        return {"name": name, "size": len(data), "sha256": _sha(data), "content": base64.b64encode(data).decode()}


def committee_year_export(*, committee: Any, year: int, actor: User | None = None) -> dict[str, Any]:
    """The backup of a committee's year as a JSON-ready dict (the caller checked the policy)."""
    scope = Scope(committee=committee, year=year)
    if not holdings(scope):
        raise BackupError(
            _("{committee} holds nothing for {year}; there is nothing to back up.").format(
                committee=committee.code, year=year
            )
        )
    records = Exporter(scope).run()
    counts = Counter(record["model"] for record in records)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "committee": committee.code,
        "year": year,
        "created_at": timezone.now().isoformat(),
        "created_by": actor.get_username() if actor is not None else "",
        "counts": dict(sorted(counts.items())),
        "objects": records,
    }


def dumps(backup: dict[str, Any]) -> str:
    return json.dumps(backup, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)


# -- import ------------------------------------------------------------------------------------------------------------


class Importer:
    """Creates the rows of a backup in file order; `pk(ref)` is the database id a reference got."""

    def __init__(self, backup: dict[str, Any]) -> None:
        self.backup = backup
        self._pks: dict[str, Any] = {}
        self.created: Counter[str] = Counter()
        self.reused: Counter[str] = Counter()
        self._stored_files: list[str] = []
        self._created_refs: dict[str, Model] = {}

    def pk(self, ref: str) -> Any:
        try:
            return self._pks[ref]
        except KeyError:
            raise BackupError(
                _("The file refers to {ref}, which it does not hold before that point.").format(ref=ref)
            ) from None

    def run(self) -> None:
        objects = self.backup["objects"]
        for record in objects:
            self._apply(record)
        for record in objects:
            if not record.get("m2m"):
                continue
            created = self._created_refs.get(record["ref"])
            if created is not None:
                for name, refs in record["m2m"].items():
                    getattr(created, name).set([self.pk(ref) for ref in refs])
            else:
                # A row the installation held already keeps its links and gains the committee-year's (a measure
                # restored for a second year answers to that year's goals too).
                held = apps.get_model(record["model"])._default_manager.get(pk=self.pk(record["ref"]))
                for name, refs in record["m2m"].items():
                    getattr(held, name).add(*[self.pk(ref) for ref in refs])

    def _apply(self, record: dict[str, Any]) -> None:
        try:
            label, ref, fields = record["model"], record["ref"], dict(record["fields"])
        except (KeyError, TypeError):
            raise BackupError(_("A record of the file lacks its model, reference or fields.")) from None
        part = backup_parts.get(label)
        if part is None:
            raise BackupError(
                _("The file holds rows of {model}, which this installation does not know.").format(model=label)
            )
        model = apps.get_model(label)
        if part.load is not None:
            part.load(fields, self)
        values: dict[str, Any] = {}
        for name, value in fields.items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                raise BackupError(
                    _("{model} has no field {field} (record {ref}).").format(model=label, field=name, ref=ref)
                ) from None
            if field.is_relation and value is not None:
                value = self.pk(value)
            elif isinstance(field, models.FileField):
                value = self._store_file(value, ref)
            values[name] = value
        pk = values.pop(model._meta.pk.name, None) if _keeps_own_pk(model) else None
        try:
            [built] = serializers.deserialize("python", [{"model": label, "pk": pk, "fields": values}])
        except DeserializationError as exc:
            raise BackupError(_("Record {ref} cannot be read: {error}").format(ref=ref, error=exc)) from None
        obj = built.object
        if part.natural_key:
            lookup = {}
            for name in part.natural_key:
                field = model._meta.get_field(name)
                attname = getattr(field, "attname", name)
                lookup[attname] = getattr(obj, attname)
            found = list(model._default_manager.filter(**lookup)[:2])
            if len(found) > 1:
                raise BackupError(
                    _("The installation holds more than one {model} matching record {ref}.").format(
                        model=model._meta.verbose_name, ref=ref
                    )
                )
            if found:
                self._pks[ref] = found[0].pk
                self.reused[label] += 1
                return
        built.save()
        if part.after_save is not None:
            part.after_save(obj, self)
        self._pks[ref] = obj.pk
        self._created_refs[ref] = obj
        self.created[label] += 1

    def _store_file(self, value: Any, ref: str) -> str:
        if not value:
            return ""
        try:
            data = base64.b64decode(value["content"], validate=True)
            name, sha = str(value["name"]), str(value["sha256"])
        except (KeyError, TypeError, ValueError):
            raise BackupError(_("The file of record {ref} cannot be read.").format(ref=ref)) from None
        if _sha(data) != sha:
            raise BackupError(
                _("The file {name} of record {ref} does not match its SHA-256; the backup is damaged.").format(
                    name=name, ref=ref
                )
            )
        stored = default_storage.save(name, ContentFile(data))
        self._stored_files.append(stored)
        return stored

    def forget_files(self) -> None:
        """Remove the files stored by an import that was rolled back."""
        for name in self._stored_files:
            default_storage.delete(name)


def read_backup(raw: bytes) -> dict[str, Any]:
    """The parsed backup, or a BackupError saying in one sentence why it is not one."""
    try:
        backup = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(_("The file is not a DigiPUFF backup: it is not JSON ({error}).").format(error=exc)) from None
    if not isinstance(backup, dict) or backup.get("format") != FORMAT:
        raise BackupError(_("The file is not a DigiPUFF backup of a committee's year."))
    if backup.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("The backup has format version {found}; this DigiPUFF reads version {known}.").format(
                found=backup.get("format_version"), known=FORMAT_VERSION
            )
        )
    if not isinstance(backup.get("objects"), list) or not isinstance(backup.get("year"), int):
        raise BackupError(_("The backup lacks its year or its rows."))
    if not isinstance(backup.get("committee"), str) or not backup["committee"]:
        raise BackupError(_("The backup does not name its committee."))
    return backup


def target_committee(code: str) -> Any:
    """The committee with this code in this installation, if there is one (read by model name)."""
    units = apps.get_model("organisation", "OrgUnit")
    return units._default_manager.filter(code=code).first()


def holdings(scope: Scope) -> list[tuple[str, int]]:
    """What the installation holds already of the committee-year: (model's verbose name plural, count)."""
    found = []
    for part in backup_parts:
        if part.owned and part.collect is not None:
            count = part.collect(scope).count()
            if count:
                found.append((str(apps.get_model(part.model)._meta.verbose_name_plural), count))
    return found


def refuse_if_held(code: str, year: int) -> None:
    committee = target_committee(code)
    if committee is None:
        return
    held = holdings(Scope(committee=committee, year=year))
    if held:
        what = ", ".join(f"{count} {name}" for name, count in held[:3])
        raise BackupError(
            _("{committee} {year} is not empty in this installation ({what}); restore into an empty one.").format(
                committee=code, year=year, what=what
            )
        )


def committee_year_import(*, backup: dict[str, Any], actor: User | None) -> Importer:
    """Create the committee-year of a read backup, all or nothing; the caller checked the policy."""
    importer = Importer(backup)
    try:
        with transaction.atomic(), audit.acting_as(actor):
            refuse_if_held(backup["committee"], backup["year"])
            importer.run()
    except BackupError:
        importer.forget_files()
        raise
    except (IntegrityError, ValidationError, ObjectDoesNotExist, ValueError, TypeError) as exc:
        importer.forget_files()
        raise BackupError(
            _("The backup does not fit this installation; nothing was imported ({error}).").format(
                error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            )
        ) from exc
    except Error:  # the database went away: nothing was committed
        importer.forget_files()
        raise
    return importer


# -- parts core contributes --------------------------------------------------------------------------------------------


def _user_load(fields: dict[str, Any], importer: Importer) -> None:
    # A restored user signs in only after an administrator sets a password (or through single sign-on).
    fields["password"] = make_password(None)


backup_parts.register(
    BackupPart(
        model="auth.user",
        natural_key=("username",),
        exclude=("password", "last_login", "is_superuser", "is_staff", "groups", "user_permissions"),
        load=_user_load,
    )
)


# -- as background work ------------------------------------------------------------------------------------------------

IMPORT_KIND = "core.backup_import"


def may_import(user: User, code: str) -> bool:
    """Who may restore a committee-year: an administrator of the committee where it exists, else of the top of the
    org tree, else (an empty installation) a superuser."""
    from digipuff.core import policy
    from digipuff.core.choices import Action

    committee = target_committee(code)
    if committee is not None:
        return policy.allows(user, Action.ADMINISTER, committee)
    units = apps.get_model("organisation", "OrgUnit")
    root = units._default_manager.filter(parent__isnull=True).order_by("path").first()
    if root is not None:
        return policy.allows(user, Action.ADMINISTER, root)
    return bool(user.is_active and user.is_superuser)


def committee_year_restore(*, raw: bytes, actor: User, filename: str = "") -> tuple[Any, Importer | None]:
    """Restore a backup file as recorded background work (a TaskRun the status page shows): read it, check the
    policy, import it all or nothing. Returns the run and the importer (None when it failed; the run's message says
    why)."""
    from digipuff.core import taskruns

    run = taskruns.task_run_create(
        kind=IMPORT_KIND,
        label=_("Restore the backup {file}").format(file=filename or "-"),
        started_by=actor,
    )
    try:
        with taskruns.running(str(run.pk)) as running:
            backup = read_backup(raw)
            if not may_import(actor, backup["committee"]):
                raise BackupError(
                    _("{user} may not restore {committee} {year}.").format(
                        user=actor.get_username(), committee=backup["committee"], year=backup["year"]
                    )
                )
            importer = committee_year_import(backup=backup, actor=actor)
            taskruns.finish(
                running,
                message=_("{committee} {year} was restored: {count} rows created.").format(
                    committee=backup["committee"], year=backup["year"], count=sum(importer.created.values())
                ),
            )
    except (BackupError, Error):
        run.refresh_from_db()
        return run, None
    run.refresh_from_db()
    return run, importer
