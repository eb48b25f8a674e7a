/** Pulumi type tokens the tests look resources up by (one table, so a token is spelled once). */
export const VPC = "aws:ec2/vpc:Vpc";
export const SUBNET = "aws:ec2/subnet:Subnet";
export const IGW = "aws:ec2/internetGateway:InternetGateway";
export const RT = "aws:ec2/routeTable:RouteTable";
export const RTA = "aws:ec2/routeTableAssociation:RouteTableAssociation";
export const ROUTE = "aws:ec2/route:Route";
export const PEERING = "aws:ec2/vpcPeeringConnection:VpcPeeringConnection";
export const TGW = "aws:ec2transitgateway/transitGateway:TransitGateway";
export const TGW_ATTACH = "aws:ec2transitgateway/vpcAttachment:VpcAttachment";
export const SG = "aws:ec2/securityGroup:SecurityGroup";
export const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
export const ENI = "aws:ec2/networkInterface:NetworkInterface";
export const EIP = "aws:ec2/eip:Eip";
export const INSTANCE = "aws:ec2/instance:Instance";
export const KEY_PAIR = "aws:ec2/keyPair:KeyPair";
/** @pulumi/command's SSH command: the created-BIG-IP path must register none (issue 15: no SSH in the first boot). */
export const COMMAND = "command:remote:Command";
export const SECRET = "aws:secretsmanager/secret:Secret";
export const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
export const ROLE = "aws:iam/role:Role";
export const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
export const INSTANCE_PROFILE = "aws:iam/instanceProfile:InstanceProfile";
export const TLS_KEY = "tls:index/privateKey:PrivateKey";
export const SELF_SIGNED_CERT = "tls:index/selfSignedCert:SelfSignedCert";
export const GET_AMI = "aws:ec2/getAmi:getAmi";
