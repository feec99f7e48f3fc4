"""EC2, VPC and EBS behaviour scenarios: the default VPC, VPCs, subnets, route tables, internet
gateways, security groups, key pairs, instances, volumes, snapshots, images, Elastic IPs, network
interfaces, tags and filters, and error codes."""
