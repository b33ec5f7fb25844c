/* test-diagnosis-words.h: the server-words cases of test-diagnosis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

/* Adds the tests of test-diagnosis-words.c. */
void test_diagnosis_add_words_tests (void);
