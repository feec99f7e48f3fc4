"""What the SDK can and cannot send to a target, decided before anything leaves the machine.

A run against a custom endpoint must reach that endpoint and nothing else. botocore's endpoint
rules do not always honour a custom endpoint: some services send to a fixed AWS host (signin:
`signin.<region>.api.aws`), others prepend a label to it (s3control: `<AccountId>.<endpoint>`,
which a loopback address cannot serve). `guard` refuses, before it is sent, any request whose
host is neither the target's host nor (for a named host) a name under it.

A request the SDK refuses to build (endpoint rules rejecting a value a case made invalid on
purpose, botocore's own checks that run even with parameter validation off, operations botocore
has no method for: bidirectional event streams) cannot be sent by any SDK user either.

Both end the case as `skip` with the reason (context.py): they say nothing about the provider,
and they are not a harness fault to fix.
"""

from __future__ import annotations

import ipaddress
from functools import partial
from urllib.parse import urlsplit

import jmespath.exceptions
from botocore import exceptions as bex
from botocore.tokens import FrozenAuthToken

# Raised by botocore while it builds a request, before sending it.
# (NoCredentialsError: an unsigned client whose operation botocore will only send signed.)
SDK_REFUSALS = (bex.EndpointResolutionError, bex.ParamValidationError, bex.InvalidEndpointConfigurationError,
                bex.UnsupportedS3ArnError, bex.UnsupportedS3AccesspointConfigurationError,
                bex.UnsupportedSignatureVersionError, bex.NoCredentialsError, bex.MissingDependencyException,
                jmespath.exceptions.JMESPathError)
TEST_TOKEN = "awscompat-test-token"  # bearer token sent to a custom endpoint (clones accept any)


class NotSendable(Exception):
    """The request cannot be sent to this target (see the module docstring)."""


def guard(client, endpoint: str) -> None:
    """Refuse, before sending, any request of client that does not go to endpoint's host."""
    host = (urlsplit(endpoint).hostname or "").lower()
    client.meta.events.register_first("before-send", partial(_check, host))


def _check(host: str, request, **kwargs) -> None:
    sent_to = (urlsplit(request.url).hostname or "").lower()
    if sent_to == host or (sent_to.endswith("." + host) and not _is_ip(host)):
        return
    raise NotSendable(f"botocore addresses {sent_to} for this request, not the target's host {host}: "
                      "the SDK cannot send it to this endpoint (not sent)")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class StaticToken:
    """A token provider for bearer-token services (e.g. codecatalyst) on a custom endpoint."""

    def load_token(self, **kwargs) -> FrozenAuthToken:
        return FrozenAuthToken(TEST_TOKEN)
