# The orders service's infrastructure in Terraform (an awscompat advisor example; never applied).
terraform {
  required_providers {
    aws    = { source = "hashicorp/aws", version = "~> 5.0" }
    random = { source = "hashicorp/random", version = "~> 3.6" }
  }
}

provider "aws" {
  region = "us-east-1"
}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "assume_lambda" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "random_id" "suffix" {
  byte_length = 4
}

resource "aws_s3_bucket" "receipts" {
  bucket = "receipts-${data.aws_caller_identity.current.account_id}-${random_id.suffix.hex}"
}

resource "aws_s3_bucket_versioning" "receipts" {
  bucket = aws_s3_bucket.receipts.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

resource "aws_iam_role" "receipt" {
  name               = "receipt-function"
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
}

resource "aws_iam_role_policy_attachment" "receipt_logs" {
  role       = aws_iam_role.receipt.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_lambda_function" "receipt" {
  function_name = "receipt"
  role          = aws_iam_role.receipt.arn
  handler       = "report.handler"
  runtime       = "nodejs20.x"
  filename      = "build/report.zip"
}

resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn = aws_sqs_queue.orders.arn
  function_name    = aws_lambda_function.receipt.arn
}

resource "aws_vpclattice_target_group_attachment" "receipt" {
  target_group_identifier = "tg-0123456789abcdef0"
  target {
    id = aws_lambda_function.receipt.arn
  }
}

module "network" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"
  name    = "orders"
}

module "alarms" {
  source = "./alarms"
}

# What the receipt function may call: a policy document and a jsonencode() policy.
data "aws_iam_policy_document" "receipt" {
  statement {
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.orders.arn]
  }
}

resource "aws_iam_role_policy" "receipt_queue" {
  role   = aws_iam_role.receipt.id
  policy = data.aws_iam_policy_document.receipt.json
}

resource "aws_iam_role_policy" "receipt_bucket" {
  role = aws_iam_role.receipt.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:PutObject"], Resource = "${aws_s3_bucket.receipts.arn}/*" }]
  })
}
