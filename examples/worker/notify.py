"""The worker's async notifier (aiobotocore): fans a summary out to SNS subscribers.

A sample workload for `awscompat footprint` (never run by the tests: only read).
"""

import asyncio
import json

from aiobotocore.session import get_session


async def subscribe_all(sns, topic_arn, emails):
    for email in emails:
        await sns.subscribe(TopicArn=topic_arn, Protocol="email", Endpoint=email)


async def notify(topic_arn, summary, emails=()):
    session = get_session()
    async with session.create_client("sns", region_name="us-east-1") as sns:
        await subscribe_all(sns, topic_arn, emails)
        await sns.publish(TopicArn=topic_arn, Message=json.dumps(summary))
        paginator = sns.get_paginator("list_subscriptions_by_topic")
        async for page in paginator.paginate(TopicArn=topic_arn):
            print(len(page["Subscriptions"]))


def send(topic_arn, summary, action="publish"):
    """The operation is picked at run time: reported as unresolved, never guessed."""
    client = get_session().create_client("sns")
    return getattr(client, action)(TopicArn=topic_arn, Message=json.dumps(summary))


if __name__ == "__main__":
    asyncio.run(notify("arn:aws:sns:us-east-1:123456789012:results", {"done": 1}))
