"""API Gateway (REST APIs, v1) setup recipes for behaviour cases as data (docs/cases.md). A REST
API's id is chosen by the server: it is ledgered before CreateRestApi under its namespaced name and
completed with DeleteRestApi once the id is known (deleting the API removes its resources,
methods, deployments and stages). Outputs: a dict whose `value` is what `${<as>}` means."""

from __future__ import annotations

import secrets

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe
from awscompat.scenarios.sqs._resources import call, create_tracked

SVC = "apigateway"


@recipe(SVC, "rest-api")
def rest_api(ctx: CaseContext, hint: str = "api", description: str = "", endpoint: str = "",
             tags: dict | None = None) -> dict:
    """A REST API of the case's own. value = its id; outputs name, root (the id of its `/`
    resource)."""
    name = ctx.name(hint, max_len=128)
    params: dict = {"name": name, "tags": {**ctx.ns.tags, **(tags or {})}}
    if description:
        params["description"] = description
    if endpoint:
        params["endpointConfiguration"] = {"types": [endpoint]}

    def lookup() -> list[dict]:
        found = ctx.transport.call(SVC, "GetRestApis", {"limit": 500})
        return [call(SVC, "DeleteRestApi", restApiId=a["id"]) for a in (found.get("items") or [])
                if a.get("name") == name] if found.ok else []

    reply = create_tracked(ctx, SVC, "apigateway-rest-api", name, "CreateRestApi", params,
                           lambda parsed: [call(SVC, "DeleteRestApi", restApiId=parsed["id"])], lookup=lookup)
    api_id = reply["id"]
    resources = ctx.fixture(SVC, "GetResources", restApiId=api_id)
    root = next((r["id"] for r in resources.get("items") or [] if r.get("path") == "/"), None)
    return {"value": api_id, "name": name, "root": root or reply.get("rootResourceId")}


@recipe(SVC, "resource")
def resource(ctx: CaseContext, api: str, parent: str, path: str) -> dict:
    """A child resource `path` (one path part) under `parent` (removed with its API). value = its id."""
    made = ctx.fixture(SVC, "CreateResource", restApiId=api, parentId=parent, pathPart=path)
    return {"value": made["id"], "path": made.get("path")}


@recipe(SVC, "mock-method")
def mock_method(ctx: CaseContext, api: str, resource: str, http_method: str = "GET") -> dict:
    """A method with authorization NONE and a MOCK integration on `resource` (removed with its API),
    so that the API can be deployed. value = the HTTP method."""
    ctx.fixture(SVC, "PutMethod", restApiId=api, resourceId=resource, httpMethod=http_method,
                authorizationType="NONE")
    ctx.fixture(SVC, "PutIntegration", restApiId=api, resourceId=resource, httpMethod=http_method, type="MOCK",
                requestTemplates={"application/json": '{"statusCode": 200}'})
    return {"value": http_method}


@recipe(SVC, "deployment")
def deployment(ctx: CaseContext, api: str, stage: str = "") -> dict:
    """A deployment of `api` (removed with its API), to stage `stage` if given. value = its id."""
    params: dict = {"restApiId": api}
    if stage:
        params["stageName"] = stage
    return {"value": ctx.fixture(SVC, "CreateDeployment", **params)["id"]}


@recipe(SVC, "absent-rest-api")
def absent_rest_api(ctx: CaseContext) -> dict:
    """A REST API id no API has (random, ten lower-case letters and digits, the form API Gateway gives)."""
    return {"value": secrets.token_hex(5)}


@recipe(SVC, "api-name")
def api_name(ctx: CaseContext, hint: str = "api") -> dict:
    """A fresh REST API name in the run's namespace (for a create under test; creates nothing)."""
    return {"value": ctx.name(hint, max_len=128)}
