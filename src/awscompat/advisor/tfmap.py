"""Terraform resource types -> what they call.

A type of the AWS providers corresponds to a CloudFormation resource type when the names match
(`aws_s3_bucket` = AWS::S3::Bucket, `aws_apigatewayv2_api` = AWS::ApiGatewayV2::Api, the EC2
types without their `ec2`: `aws_vpc` = AWS::EC2::VPC; `awscc_*` types are CloudFormation types by
construction) or when TF_TO_CFN says so (the provider renamed the service: `aws_sfn_*` are
AWS::StepFunctions::*). Such a type is mapped as a template resource is (cfn.py), from the
handlers' permissions of the CloudFormation resource schema, with the `read` handler too:
Terraform reads every resource it manages on each plan.

Where no CloudFormation type corresponds (Terraform splits S3 bucket settings, policy
attachments and event targets into resources of their own), TF_OPERATIONS lists the operations
the resource's create, read, update and delete call, from the AWS API reference of each
operation. Data sources call their read: DATA_OPERATIONS, else the read handler of the
corresponding CloudFormation type. DATA_LOCAL are data sources that call nothing (rendered from
the configuration). A type in none of these is reported unresolved, never guessed.
"""

from __future__ import annotations

import re
from functools import cache

from awscompat.advisor import cfn

TF_TO_CFN = {
    "aws_cloudwatch_log_group": "AWS::Logs::LogGroup", "aws_cloudwatch_log_stream": "AWS::Logs::LogStream",
    "aws_cloudwatch_log_subscription_filter": "AWS::Logs::SubscriptionFilter",
    "aws_cloudwatch_log_metric_filter": "AWS::Logs::MetricFilter",
    "aws_cloudwatch_log_resource_policy": "AWS::Logs::ResourcePolicy",
    "aws_cloudwatch_event_rule": "AWS::Events::Rule", "aws_cloudwatch_event_bus": "AWS::Events::EventBus",
    "aws_cloudwatch_event_archive": "AWS::Events::Archive",
    "aws_cloudwatch_event_connection": "AWS::Events::Connection",
    "aws_cloudwatch_event_api_destination": "AWS::Events::ApiDestination",
    "aws_cloudwatch_event_bus_policy": "AWS::Events::EventBusPolicy",
    "aws_cloudwatch_metric_alarm": "AWS::CloudWatch::Alarm", "aws_cloudwatch_dashboard": "AWS::CloudWatch::Dashboard",
    "aws_sfn_state_machine": "AWS::StepFunctions::StateMachine", "aws_sfn_activity": "AWS::StepFunctions::Activity",
    "aws_sns_topic_subscription": "AWS::SNS::Subscription",
    "aws_iam_policy": "AWS::IAM::ManagedPolicy",
    "aws_lambda_function_url": "AWS::Lambda::Url",
    "aws_api_gateway_integration": "AWS::ApiGateway::Method",
    "aws_api_gateway_integration_response": "AWS::ApiGateway::Method",
    "aws_api_gateway_method_response": "AWS::ApiGateway::Method",
    "aws_api_gateway_rest_api_policy": "AWS::ApiGateway::RestApi",
    "aws_route_table_association": "AWS::EC2::SubnetRouteTableAssociation",
    "aws_eip": "AWS::EC2::EIP",
    "aws_lb": "AWS::ElasticLoadBalancingV2::LoadBalancer", "aws_alb": "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "aws_lb_target_group": "AWS::ElasticLoadBalancingV2::TargetGroup",
    "aws_alb_target_group": "AWS::ElasticLoadBalancingV2::TargetGroup",
    "aws_lb_listener": "AWS::ElasticLoadBalancingV2::Listener",
    "aws_alb_listener": "AWS::ElasticLoadBalancingV2::Listener",
    "aws_lb_listener_rule": "AWS::ElasticLoadBalancingV2::ListenerRule",
    "aws_kinesis_firehose_delivery_stream": "AWS::KinesisFirehose::DeliveryStream",
    "aws_db_instance": "AWS::RDS::DBInstance", "aws_rds_cluster": "AWS::RDS::DBCluster",
    "aws_rds_cluster_instance": "AWS::RDS::DBInstance", "aws_db_subnet_group": "AWS::RDS::DBSubnetGroup",
    "aws_db_proxy": "AWS::RDS::DBProxy", "aws_db_proxy_default_target_group": "AWS::RDS::DBProxyTargetGroup",
    "aws_db_proxy_target": "AWS::RDS::DBProxyTargetGroup",
    "aws_mq_broker": "AWS::AmazonMQ::Broker", "aws_mq_configuration": "AWS::AmazonMQ::Configuration",
    "aws_opensearch_domain": "AWS::OpenSearchService::Domain",
    "aws_sesv2_email_identity": "AWS::SES::EmailIdentity",
    "aws_sesv2_configuration_set": "AWS::SES::ConfigurationSet",
    "aws_cognito_identity_pool": "AWS::Cognito::IdentityPool",
    "aws_cognito_identity_pool_roles_attachment": "AWS::Cognito::IdentityPoolRoleAttachment",
    "aws_appsync_datasource": "AWS::AppSync::DataSource",
    "aws_elasticache_replication_group": "AWS::ElastiCache::ReplicationGroup",
    "aws_elasticache_cluster": "AWS::ElastiCache::CacheCluster",
    "aws_efs_file_system": "AWS::EFS::FileSystem", "aws_efs_mount_target": "AWS::EFS::MountTarget",
    "aws_efs_access_point": "AWS::EFS::AccessPoint",
    "aws_iam_openid_connect_provider": "AWS::IAM::OIDCProvider",
    "aws_acm_certificate": "AWS::CertificateManager::Certificate",
    "aws_route53_record": "AWS::Route53::RecordSet",
    "aws_glue_catalog_database": "AWS::Glue::Database", "aws_cloudtrail": "AWS::CloudTrail::Trail",
    "aws_db_proxy_endpoint": "AWS::RDS::DBProxyEndpoint", "aws_db_event_subscription": "AWS::RDS::EventSubscription",
    "aws_bedrockagent_agent": "AWS::Bedrock::Agent", "aws_bedrockagent_agent_alias": "AWS::Bedrock::AgentAlias",
    "aws_bedrockagent_knowledge_base": "AWS::Bedrock::KnowledgeBase",
    "aws_bedrockagent_data_source": "AWS::Bedrock::DataSource",
    "aws_lambda_function_event_invoke_config": "AWS::Lambda::EventInvokeConfig",
    "aws_codedeploy_app": "AWS::CodeDeploy::Application",
}

_S3 = "s3"
TF_OPERATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "aws_s3_bucket_versioning": ((_S3, "PutBucketVersioning"), (_S3, "GetBucketVersioning")),
    "aws_s3_bucket_server_side_encryption_configuration": (
        (_S3, "PutBucketEncryption"), (_S3, "GetBucketEncryption"), (_S3, "DeleteBucketEncryption")),
    "aws_s3_bucket_public_access_block": (
        (_S3, "PutPublicAccessBlock"), (_S3, "GetPublicAccessBlock"), (_S3, "DeletePublicAccessBlock")),
    "aws_s3_bucket_lifecycle_configuration": (
        (_S3, "PutBucketLifecycleConfiguration"), (_S3, "GetBucketLifecycleConfiguration"),
        (_S3, "DeleteBucketLifecycle")),
    "aws_s3_bucket_cors_configuration": ((_S3, "PutBucketCors"), (_S3, "GetBucketCors"), (_S3, "DeleteBucketCors")),
    "aws_s3_bucket_notification": (
        (_S3, "PutBucketNotificationConfiguration"), (_S3, "GetBucketNotificationConfiguration")),
    "aws_s3_bucket_ownership_controls": (
        (_S3, "PutBucketOwnershipControls"), (_S3, "GetBucketOwnershipControls"),
        (_S3, "DeleteBucketOwnershipControls")),
    "aws_s3_bucket_acl": ((_S3, "PutBucketAcl"), (_S3, "GetBucketAcl")),
    "aws_s3_bucket_website_configuration": (
        (_S3, "PutBucketWebsite"), (_S3, "GetBucketWebsite"), (_S3, "DeleteBucketWebsite")),
    "aws_s3_bucket_logging": ((_S3, "PutBucketLogging"), (_S3, "GetBucketLogging")),
    "aws_s3_bucket_object_lock_configuration": (
        (_S3, "PutObjectLockConfiguration"), (_S3, "GetObjectLockConfiguration")),
    "aws_s3_bucket_replication_configuration": (
        (_S3, "PutBucketReplication"), (_S3, "GetBucketReplication"), (_S3, "DeleteBucketReplication")),
    "aws_s3_bucket_accelerate_configuration": (
        (_S3, "PutBucketAccelerateConfiguration"), (_S3, "GetBucketAccelerateConfiguration")),
    "aws_s3_bucket_request_payment_configuration": (
        (_S3, "PutBucketRequestPayment"), (_S3, "GetBucketRequestPayment")),
    "aws_s3_object": ((_S3, "PutObject"), (_S3, "HeadObject"), (_S3, "GetObject"), (_S3, "DeleteObject")),
    "aws_s3_bucket_object": ((_S3, "PutObject"), (_S3, "HeadObject"), (_S3, "GetObject"), (_S3, "DeleteObject")),
    "aws_cloudwatch_event_target": (
        ("events", "PutTargets"), ("events", "ListTargetsByRule"), ("events", "RemoveTargets")),
    "aws_iam_role_policy_attachment": (
        ("iam", "AttachRolePolicy"), ("iam", "ListAttachedRolePolicies"), ("iam", "DetachRolePolicy")),
    "aws_iam_user_policy_attachment": (
        ("iam", "AttachUserPolicy"), ("iam", "ListAttachedUserPolicies"), ("iam", "DetachUserPolicy")),
    "aws_iam_policy_attachment": (
        ("iam", "AttachRolePolicy"), ("iam", "AttachUserPolicy"), ("iam", "AttachGroupPolicy"),
        ("iam", "ListEntitiesForPolicy"), ("iam", "DetachRolePolicy"), ("iam", "DetachUserPolicy"),
        ("iam", "DetachGroupPolicy")),
    "aws_sqs_queue_redrive_policy": (("sqs", "SetQueueAttributes"), ("sqs", "GetQueueAttributes")),
    "aws_sqs_queue_redrive_allow_policy": (("sqs", "SetQueueAttributes"), ("sqs", "GetQueueAttributes")),
    "aws_lambda_invocation": (("lambda", "Invoke"),),
    "aws_dynamodb_table_item": (("dynamodb", "PutItem"), ("dynamodb", "GetItem"), ("dynamodb", "DeleteItem")),
    "aws_secretsmanager_secret_version": (
        ("secretsmanager", "PutSecretValue"), ("secretsmanager", "GetSecretValue"),
        ("secretsmanager", "UpdateSecretVersionStage")),
    "aws_security_group_rule": (
        ("ec2", "AuthorizeSecurityGroupIngress"), ("ec2", "AuthorizeSecurityGroupEgress"),
        ("ec2", "DescribeSecurityGroups"), ("ec2", "RevokeSecurityGroupIngress"),
        ("ec2", "RevokeSecurityGroupEgress")),
    "aws_lb_target_group_attachment": (
        ("elbv2", "RegisterTargets"), ("elbv2", "DescribeTargetHealth"), ("elbv2", "DeregisterTargets")),
    "aws_ses_email_identity": (
        ("ses", "VerifyEmailIdentity"), ("ses", "GetIdentityVerificationAttributes"), ("ses", "DeleteIdentity")),
    "aws_ses_domain_identity": (
        ("ses", "VerifyDomainIdentity"), ("ses", "GetIdentityVerificationAttributes"), ("ses", "DeleteIdentity")),
    "aws_api_gateway_account": (("apigateway", "UpdateAccount"), ("apigateway", "GetAccount")),
    "aws_api_gateway_method_settings": (("apigateway", "UpdateStage"), ("apigateway", "GetStage")),
    "aws_acm_certificate_validation": (("acm", "DescribeCertificate"),),  # waits until ISSUED
    "aws_ecr_lifecycle_policy": (
        ("ecr", "PutLifecyclePolicy"), ("ecr", "GetLifecyclePolicy"), ("ecr", "DeleteLifecyclePolicy")),
    "aws_alb_target_group_attachment": (
        ("elbv2", "RegisterTargets"), ("elbv2", "DescribeTargetHealth"), ("elbv2", "DeregisterTargets")),
    "aws_default_security_group": (
        ("ec2", "DescribeSecurityGroups"), ("ec2", "AuthorizeSecurityGroupIngress"),
        ("ec2", "AuthorizeSecurityGroupEgress"), ("ec2", "RevokeSecurityGroupIngress"),
        ("ec2", "RevokeSecurityGroupEgress")),
    "aws_secretsmanager_secret_rotation": (
        ("secretsmanager", "RotateSecret"), ("secretsmanager", "DescribeSecret"),
        ("secretsmanager", "CancelRotateSecret")),
    "aws_ecs_cluster_capacity_providers": (("ecs", "PutClusterCapacityProviders"), ("ecs", "DescribeClusters")),
    "aws_lambda_provisioned_concurrency_config": (
        ("lambda", "PutProvisionedConcurrencyConfig"), ("lambda", "GetProvisionedConcurrencyConfig"),
        ("lambda", "DeleteProvisionedConcurrencyConfig")),
    "aws_lambda_function_recursion_config": (
        ("lambda", "PutFunctionRecursionConfig"), ("lambda", "GetFunctionRecursionConfig")),
    "aws_signer_signing_job": (("signer", "StartSigningJob"), ("signer", "DescribeSigningJob")),
    "aws_bedrockagent_agent_action_group": (
        ("bedrock-agent", "CreateAgentActionGroup"), ("bedrock-agent", "GetAgentActionGroup"),
        ("bedrock-agent", "UpdateAgentActionGroup"), ("bedrock-agent", "DeleteAgentActionGroup")),
}

DATA_OPERATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "aws_caller_identity": (("sts", "GetCallerIdentity"),),
    "aws_availability_zones": (("ec2", "DescribeAvailabilityZones"),),
    "aws_iam_role": (("iam", "GetRole"),),
    "aws_iam_policy": (("iam", "ListPolicies"), ("iam", "GetPolicy"), ("iam", "GetPolicyVersion")),
    "aws_vpc": (("ec2", "DescribeVpcs"),),
    "aws_subnets": (("ec2", "DescribeSubnets"),), "aws_subnet": (("ec2", "DescribeSubnets"),),
    "aws_security_group": (("ec2", "DescribeSecurityGroups"),),
    "aws_ami": (("ec2", "DescribeImages"),),
    "aws_secretsmanager_secret": (("secretsmanager", "DescribeSecret"),),
    "aws_secretsmanager_secret_version": (("secretsmanager", "GetSecretValue"),),
    "aws_ssm_parameter": (("ssm", "GetParameter"),),
    "aws_s3_bucket": (("s3", "HeadBucket"), ("s3", "GetBucketLocation")),
    "aws_s3_object": (("s3", "HeadObject"), ("s3", "GetObject")),
    "aws_ecr_authorization_token": (("ecr", "GetAuthorizationToken"),),
    "aws_ecr_repository": (("ecr", "DescribeRepositories"),),
    "aws_lambda_function": (("lambda", "GetFunction"),),
    "aws_kms_key": (("kms", "DescribeKey"),),
    "aws_sns_topic": (("sns", "ListTopics"),),
    "aws_sqs_queue": (("sqs", "GetQueueUrl"), ("sqs", "GetQueueAttributes")),
    "aws_dynamodb_table": (("dynamodb", "DescribeTable"),),
    "aws_route53_zone": (("route53", "ListHostedZones"), ("route53", "GetHostedZone")),
    "aws_cloudwatch_log_group": (("logs", "DescribeLogGroups"),),
    "aws_cloudfront_cache_policy": (("cloudfront", "ListCachePolicies"), ("cloudfront", "GetCachePolicy")),
    "aws_cloudfront_origin_request_policy": (
        ("cloudfront", "ListOriginRequestPolicies"), ("cloudfront", "GetOriginRequestPolicy")),
    "aws_vpc_endpoint_service": (("ec2", "DescribeVpcEndpointServices"),),
    "aws_ec2_managed_prefix_list": (("ec2", "DescribeManagedPrefixLists"),),
    "aws_bedrock_foundation_model": (("bedrock", "GetFoundationModel"),),
    "aws_cognito_user_pools": (("cognito-idp", "ListUserPools"),),
    "aws_api_gateway_rest_api": (("apigateway", "GetRestApis"),),
    "aws_lb": (("elbv2", "DescribeLoadBalancers"),),
    "aws_iam_session_context": (("iam", "GetRole"),),
    "aws_ecr_image": (("ecr", "DescribeImages"),),
    "aws_lambda_invocation": (("lambda", "Invoke"),),
    "aws_canonical_user_id": (("s3", "ListBuckets"),),
    "aws_mq_broker_instance_type_offerings": (("mq", "DescribeBrokerInstanceOptions"),),
}
DATA_LOCAL = {"aws_region", "aws_partition", "aws_iam_policy_document", "aws_arn", "aws_default_tags",
              "aws_service_principal", "aws_billing_service_account"}
_SNAKE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


@cache
def _cfn_by_squashed() -> dict[str, str]:
    out: dict[str, str] = {}
    for rtype in cfn.resource_types():
        parts = rtype.split("::")
        if len(parts) == 3 and parts[0] == "AWS":
            out.setdefault(_squash(f"aws{parts[1]}{parts[2]}"), rtype)
    return out


def cfn_type(tf_type: str) -> str | None:
    """The CloudFormation resource type a Terraform type corresponds to, or None."""
    if tf_type in TF_TO_CFN:
        return TF_TO_CFN[tf_type]
    index = _cfn_by_squashed()
    if tf_type.startswith("awscc_"):
        return index.get(_squash("aws" + tf_type[len("awscc_"):]))
    if not tf_type.startswith("aws_"):
        return None
    squashed = _squash(tf_type)
    return index.get(squashed) or index.get("awsec2" + squashed[3:])


def is_aws(tf_type: str) -> bool:
    return tf_type.startswith(("aws_", "awscc_"))
