/* GlobalPlatform TEE Client API result and origin codes (as used in optee_msg_arg.ret). */
#ifndef ABI_TEE_CLIENT_H
#define ABI_TEE_CLIENT_H

#define TEEC_SUCCESS                0x00000000u
#define TEEC_ERROR_GENERIC          0xffff0000u
#define TEEC_ERROR_ACCESS_DENIED    0xffff0001u
#define TEEC_ERROR_CANCEL           0xffff0002u
#define TEEC_ERROR_ACCESS_CONFLICT  0xffff0003u
#define TEEC_ERROR_EXCESS_DATA      0xffff0004u
#define TEEC_ERROR_BAD_FORMAT       0xffff0005u
#define TEEC_ERROR_BAD_PARAMETERS   0xffff0006u
#define TEEC_ERROR_BAD_STATE        0xffff0007u
#define TEEC_ERROR_ITEM_NOT_FOUND   0xffff0008u
#define TEEC_ERROR_NOT_IMPLEMENTED  0xffff0009u
#define TEEC_ERROR_NOT_SUPPORTED    0xffff000au
#define TEEC_ERROR_NO_DATA          0xffff000bu
#define TEEC_ERROR_OUT_OF_MEMORY    0xffff000cu
#define TEEC_ERROR_BUSY             0xffff000du
#define TEEC_ERROR_COMMUNICATION    0xffff000eu
#define TEEC_ERROR_SECURITY         0xffff000fu
#define TEEC_ERROR_SHORT_BUFFER     0xffff0010u
#define TEEC_ERROR_EXTERNAL_CANCEL  0xffff0011u
#define TEEC_ERROR_TARGET_DEAD      0xffff3024u

#define TEEC_ORIGIN_API         0x00000001u
#define TEEC_ORIGIN_COMMS       0x00000002u
#define TEEC_ORIGIN_TEE         0x00000003u
#define TEEC_ORIGIN_TRUSTED_APP 0x00000004u

#endif
