"""Export stage: the whole statement as JSON, every data file as validated."""

from __future__ import annotations

import datetime as dt
import json

from trustsite.export.models import VersionRef, statement_model
from trustsite.model.exports import SCHEMA_VERSIONS
from trustsite.model.files import DATA_FILES, Project


def statement_json(project: Project, today: dt.date, version: tuple[str, object], schema_url: str) -> str:
    vid, v = version
    values = {spec.key: getattr(project, spec.key) for spec in DATA_FILES}
    values["versions"] = {vid: v.model_dump(exclude={"manifest_sha256"}) for vid, v in project.versions.items()}
    export = statement_model()(
        schema_=schema_url, schema_version=SCHEMA_VERSIONS["statement.schema.json"], generated=today,
        version=VersionRef(id=vid, published=v.published, effective=v.effective),  # type: ignore[attr-defined]
        **values,
    )
    data = export.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["organisation"].pop("change_rules", None)  # the organisation's internal notification policy, not the statement
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
