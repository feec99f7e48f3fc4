"""The lean request path (issue 19): botocore's wire bytes without botocore's per-call machinery.

A generated case sends one request whose members are fixed before it is sent. Through a botocore
client method, every send pays the whole SDK pipeline: parameter events, endpoint rules,
serialisation, a dozen event hooks, signing, botocore's HTTP wrapper, and a full parse of the
answer. Here the request is built once by botocore itself and only the parts that must change per
send are redone.

Contract:
- `prepare(client, operation, params)` runs the client's own pipeline up to the wire, exactly as
  `BaseClient._make_api_call` does (provide-client-params and before-parameter-build events, the
  endpoint ruleset, the serialiser, before-call handlers, request compression, request checksums):
  the request dict, body and headers are botocore's, byte for byte. It returns None for what this
  path does not carry (a streaming answer or event stream, a before-call handler that answers by
  itself, an operation that needs a bearer token): those go through the SDK path.
- `Prepared.send()` makes one attempt: a fresh AWSRequest from the dict (so a retry gets a new
  date and signature), signed by the client's own RequestSigner (SigV4/SigV4a/S3 variants, the
  target's credentials, unsigned clients included), sent on the client's own urllib3 pool (the
  same TLS, timeouts, per-request deadline watch and connection guard as the SDK path), the answer
  read whole. The before-send event is emitted as on the SDK path, so the target guard
  (engine/sendable.py) and the evidence capture (engine/transport.py) see the request.
- The answer is parsed by botocore as on the SDK path (before-parse handlers, the protocol parser,
  modeled error fields, after-call handlers), at once: every answer is judged, and judging a 2xx
  needs its parse (an answer that does not parse is not a success), so a lazy parse saves nothing.
- Exceptions are those of the SDK path (botocore's HTTP exceptions, parser errors, NotSendable),
  so Transport._once maps them to the same faults and outcomes.
"""

from __future__ import annotations

import copy
from typing import Any

from botocore.awsrequest import create_request_object
from botocore.compress import maybe_compress_request
from botocore.context import get_context, start_as_current_context
from botocore.endpoint import convert_to_response_dict
from botocore.hooks import first_non_none_response

try:  # botocore >= 1.36
    from botocore.httpchecksum import apply_request_checksum, resolve_checksum_context
except ImportError:  # pragma: no cover - older botocore
    apply_request_checksum = resolve_checksum_context = None  # type: ignore[assignment]

class Prepared:
    """One operation's request, serialised once by botocore; `send` signs and sends it."""

    def __init__(self, client: Any, operation_model: Any, request_dict: dict, context: dict) -> None:
        self.client = client
        self.operation_model = operation_model
        self.request_dict = request_dict
        self.context = context
        self.service_id = client.meta.service_model.service_id.hyphenize()
        self.features: Any = None  # botocore's ClientContext of the call (User-Agent feature ids)

    def new_request(self) -> Any:
        """A signed AWSPreparedRequest for one attempt (new date and signature each time)."""
        with start_as_current_context(self.features):
            return self._new_request()

    def _new_request(self) -> Any:
        request_dict = dict(self.request_dict)
        request_dict["headers"] = dict(self.request_dict["headers"])
        request_dict["context"] = self.context
        request = create_request_object(request_dict)
        # 'request-created' carries botocore's signing handler and its retry headers
        # (amz-sdk-invocation-id / amz-sdk-request): emitted as Endpoint.create_request does.
        self.client.meta.events.emit(f"request-created.{self.service_id}.{self.operation_model.name}",
                                     request=request, operation_name=self.operation_model.name)
        return request.prepare()

    def send(self) -> tuple[Any, dict]:
        """One attempt: sign, emit before-send (the target guard and the evidence capture hang
        there, as on the SDK path), send on the client's pool; the answer is read whole."""
        prepared = self.new_request()
        events = self.client.meta.events
        answered = first_non_none_response(
            events.emit(f"before-send.{self.service_id}.{self.operation_model.name}", request=prepared))
        http_response = answered if answered is not None else self.client._endpoint.http_session.send(prepared)
        return http_response, convert_to_response_dict(http_response, self.operation_model)

    def parse(self, http_response: Any, response_dict: dict) -> dict:
        """botocore's processing of an answer (Endpoint._do_get_response and the after-call
        event of _make_api_call), for an answer already read whole."""
        model = self.operation_model
        events = self.client.meta.events
        customized: dict = {}
        events.emit(f"before-parse.{self.service_id}.{model.name}", operation_model=model,
                    response_dict=response_dict, customized_response_dict=customized)
        parser = self.client._endpoint._response_parser_factory.create_parser(model.service_model.resolved_protocol)
        parsed = parser.parse(response_dict, model.output_shape)
        parsed.update(customized)
        if http_response.status_code >= 300:
            self.client._endpoint._add_modeled_error_fields(response_dict, parsed, model, parser)
        events.emit(f"after-call.{self.service_id}.{model.name}", http_response=http_response, parsed=parsed,
                    model=model, context=self.context)
        return parsed


def prepare(client: Any, operation: str, params: dict) -> Prepared | None:
    """botocore's request for operation with params, built once (see the module contract)."""
    with start_as_current_context():  # as _make_api_call: the features the User-Agent names
        prepared = _prepare(client, operation, params)
        if prepared is not None:
            prepared.features = get_context()  # re-entered at each send (the User-Agent is rendered then)
        return prepared


def _prepare(client: Any, operation: str, params: dict) -> Prepared | None:
    model = client.meta.service_model.operation_model(operation)
    if model.has_streaming_output or model.has_event_stream_output or model.has_event_stream_input:
        return None
    auth_type = model.resolved_auth_type
    if auth_type in ("bearer", "smithy.api#httpBearerAuth") or (model.auth and client.meta.config.auth_scheme_preference):
        return None
    context = {
        "client_region": client.meta.region_name,
        "client_config": client.meta.config,
        "has_streaming_input": model.has_streaming_input,
        "auth_type": auth_type,
        "unsigned_payload": model.unsigned_payload,
        "auth_options": client.meta.service_model.metadata.get("auth"),
    }
    api_params = client._emit_api_params(api_params=copy.copy(params), operation_model=model, context=context)
    endpoint_url, headers, properties = client._resolve_endpoint_ruleset(model, api_params, context)
    if properties:
        context["endpoint_properties"] = properties
    request_dict = client._convert_to_request_dict(api_params=api_params, operation_model=model,
                                                   endpoint_url=endpoint_url, context=context, headers=headers)
    if resolve_checksum_context is not None:
        resolve_checksum_context(request_dict, model, api_params)
    service_id = client.meta.service_model.service_id.hyphenize()
    responses = client.meta.events.emit(f"before-call.{service_id}.{operation}", model=model, params=request_dict,
                                        request_signer=client._request_signer, context=context)
    if first_non_none_response(responses) is not None:
        return None  # a handler answered by itself: only the SDK path knows what to do with that
    maybe_compress_request(client.meta.config, request_dict, model)
    if apply_request_checksum is not None:
        apply_request_checksum(request_dict)
    body = request_dict.get("body")
    if body is not None and not isinstance(body, bytes | bytearray | str | dict):
        return None  # a file-like body: read once by the SDK, not re-sendable from here (a dict is a form)
    return Prepared(client, model, request_dict, context)
