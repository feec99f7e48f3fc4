"""A queue worker: takes jobs from SQS, reports results on SNS.

A sample workload for `awscompat footprint` (never run by the tests: only read).
"""

import json
import logging
import os

import boto3

log = logging.getLogger("worker")
QUEUE = os.environ.get("JOBS_QUEUE", "jobs")
TOPIC_ARN = os.environ["RESULTS_TOPIC_ARN"]

session = boto3.session.Session(region_name=os.environ.get("AWS_REGION", "us-east-1"))
sqs = session.client("sqs")
sns = session.resource("sns")
topic = sns.Topic(TOPIC_ARN)


def queue_url(name):
    return sqs.get_queue_url(QueueName=name)["QueueUrl"]


def handle(job):
    return {"job": job["id"], "status": "done"}


class Worker:
    def __init__(self, client, url, dead_letter_url):
        self.sqs = client
        self.url = url
        self.dead_letter_url = dead_letter_url

    def poll(self):
        reply = self.sqs.receive_message(QueueUrl=self.url, MaxNumberOfMessages=10, WaitTimeSeconds=20,
                                         MessageAttributeNames=["All"])
        return reply.get("Messages", [])

    def run_once(self):
        done = []
        for message in self.poll():
            try:
                result = handle(json.loads(message["Body"]))
            except ValueError:
                self.sqs.send_message(QueueUrl=self.dead_letter_url, MessageBody=message["Body"])
            except TimeoutError:
                self.sqs.change_message_visibility(QueueUrl=self.url, ReceiptHandle=message["ReceiptHandle"],
                                                   VisibilityTimeout=300)
                continue
            else:
                topic.publish(Message=json.dumps(result), Subject="job done")
            done.append({"Id": message["MessageId"], "ReceiptHandle": message["ReceiptHandle"]})
        if done:
            self.sqs.delete_message_batch(QueueUrl=self.url, Entries=done)
        return len(done)


def backlog(client, url):
    attrs = client.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
    return int(attrs["Attributes"]["ApproximateNumberOfMessages"])


def main():
    worker = Worker(sqs, queue_url(QUEUE), queue_url(QUEUE + "-dlq"))
    while True:
        if worker.run_once() == 0 and backlog(sqs, worker.url) == 0:
            log.info("idle")


if __name__ == "__main__":
    main()
