/*
 * OP-TEE's pseudo TA that installs TAs into secure storage: UUID and command
 * (OP-TEE 4.1.0 values). tzvisor has no such TA (host_include/conf.h does not
 * set CFG_SECSTOR_TA_MGMT_PTA). tzvisor dev kit.
 */
#ifndef PTA_SECSTOR_TA_MGMT_H
#define PTA_SECSTOR_TA_MGMT_H

#define PTA_SECSTOR_TA_MGMT_UUID                                                                   \
	{                                                                                          \
		0x6e256cba, 0xfc4d, 0x4941,                                                        \
		{                                                                                  \
			0xad, 0x09, 0x2c, 0xa1, 0x86, 0x03, 0x42, 0xdd                             \
		}                                                                                  \
	}

#define PTA_SECSTOR_TA_MGMT_BOOTSTRAP 0

#endif
