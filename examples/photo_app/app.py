"""A small Flask-style photo sharing app: photos in S3, metadata in DynamoDB.

A sample workload for `awscompat footprint` (never run by the tests: only read).
"""

import os
import uuid

import boto3
from flask import Flask, jsonify, request

BUCKET = os.environ.get("PHOTO_BUCKET", "photos")
TABLE = "photos"

app = Flask(__name__)
s3 = boto3.client("s3")
dynamodb = boto3.resource("dynamodb")
table = dynamodb.Table(TABLE)


class PhotoStore:
    """Keeps its clients in attributes."""

    def __init__(self, client, bucket):
        self.client = client
        self.bucket = bucket

    def save(self, key, fileobj):
        self.client.upload_fileobj(fileobj, self.bucket, key)
        return self.client.head_object(Bucket=self.bucket, Key=key)["ContentLength"]

    def remove(self, key):
        self.client.delete_object(Bucket=self.bucket, Key=key)


store = PhotoStore(s3, BUCKET)


def share_link(client, key, expires=3600):
    """The client arrives as an argument."""
    return client.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": key}, ExpiresIn=expires)


@app.before_request
def ensure_bucket():
    s3.get_waiter("bucket_exists").wait(Bucket=BUCKET)


@app.post("/photos")
def upload():
    photo_id = str(uuid.uuid4())
    size = store.save(photo_id, request.files["photo"])
    table.put_item(Item={"id": photo_id, "owner": request.form["owner"], "size": size})
    return jsonify(id=photo_id, url=share_link(s3, photo_id)), 201


@app.get("/photos/<photo_id>")
def show(photo_id):
    item = table.get_item(Key={"id": photo_id}).get("Item")
    if item is None:
        return jsonify(error="not found"), 404
    return jsonify(item=item, url=share_link(s3, photo_id))


@app.get("/users/<owner>/photos")
def by_owner(owner):
    found = table.query(IndexName="by-owner", KeyConditionExpression="#o = :o",
                        ExpressionAttributeNames={"#o": "owner"}, ExpressionAttributeValues={":o": owner})
    return jsonify(items=found["Items"])


@app.delete("/photos/<photo_id>")
def delete(photo_id):
    store.remove(photo_id)
    table.delete_item(Key={"id": photo_id})
    return "", 204


@app.get("/admin/storage")
def storage_report():
    total = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        total += sum(obj["Size"] for obj in page.get("Contents", []))
    return jsonify(bytes=total, items=table.item_count)


@app.post("/admin/import")
def bulk_import():
    with table.batch_writer() as batch:
        for row in request.json["rows"]:
            batch.put_item(Item=row)
    return "", 204


@app.get("/admin/probe/<service>")
def probe(service):
    """A debugging endpoint: the service is chosen at run time, so no footprint can name it."""
    client = boto3.client(service)
    return jsonify(client.meta.region_name)
