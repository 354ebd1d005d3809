/* dlo.c - a library for the dlopen scenario: data in its own pages. */
int dlo_data[2048] = {1};
